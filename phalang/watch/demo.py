"""Demo reports, clearly labelled, for `make demo`: routed to the demo watchdog and published."""

from __future__ import annotations

from phalang.accounts.models import User
from phalang.orgs.models import Organisation
from phalang.watch import workflow
from phalang.watch.actions import NewReport, file_report
from phalang.watch.models import Report, RoutingRule

DEMO_REPORTS = [
    ("corruption", "[ตัวอย่าง] ถนนที่เพิ่งสร้างเสร็จเมื่อเดือนที่แล้วแตกร้าวเป็นทางยาว สงสัยว่าใช้วัสดุไม่ตรงตามสัญญา",
     "สมุทรปราการ", "บางพลี", "บางพลีใหญ่"),
    ("public_service", "[ตัวอย่าง] ไฟส่องสว่างบนถนนหน้าโรงเรียนดับมาสองสัปดาห์ เด็กเดินกลับบ้านตอนค่ำลำบาก",
     "เชียงราย", "เมืองเชียงราย", "รอบเวียง"),
    ("environment", "[ตัวอย่าง] มีการเผาขยะในที่โล่งทุกเย็น ควันเข้าบ้านเรือนและโรงเรียน",
     "เชียงใหม่", "เมืองเชียงใหม่", "ศรีภูมิ"),
]


def seed() -> None:
    admin = User.objects.filter(username="admin", is_superuser=True).first()
    watchdog = Organisation.objects.filter(slug="demo-watchdog").first()
    if admin and watchdog and not RoutingRule.objects.exists():
        workflow.save_routing_rule(by=admin, organisations=[watchdog])
    if Report.objects.filter(is_demo=True).exists():
        return
    for category, text, province, district, subdistrict in DEMO_REPORTS:
        report, _receipt = file_report(NewReport(category=category, description=text, province=province,
                                                 district=district, subdistrict=subdistrict, is_demo=True))
        if admin:  # the board should not be empty in the demo
            workflow.publish(report, by=admin, public_text=text)
