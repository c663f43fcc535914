"""A small cast for case tests: a screening watchdog, an agency, their moderator and staff."""

from __future__ import annotations

from typing import Any

import pytest

from phalang.watch import workflow
from phalang.watch.actions import NewReport, file_report
from phalang.watch.models import Report


@pytest.fixture
def cast(make_org, make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    watchdog = make_org("watchdog")
    agency = make_org("amphoe-bang-phli", kind="agency")
    for org in (watchdog, agency):
        org.verified = True
        org.save()
    mod = make_user("mod", org=watchdog, role="moderator", email="mod@example.org")
    staff = make_user("staff", org=agency, role="partner_staff", email="staff@example.org")
    root = make_user("root", is_superuser=True)
    workflow.save_routing_rule(by=root, organisations=[watchdog])
    return {"watchdog": watchdog, "agency": agency, "mod": mod, "staff": staff, "root": root}


def resolved_case(cast: dict[str, Any], text: str = "ท่อระบายน้ำหน้าตลาดบางพลีอุดตัน น้ำท่วมขังทุกครั้งที่ฝนตก",
                  **kw: Any) -> tuple[Report, str]:
    """A published case, forwarded to the agency, which marks it resolved."""
    report, receipt = file_report(NewReport(category="public_service", description=text, province="สมุทรปราการ",
                                            district="บางพลี", subdistrict="บางพลีใหญ่", **kw))
    workflow.publish(report, by=cast["mod"], public_text=text)
    workflow.forward(report, to=[cast["agency"]], by=cast["mod"])
    workflow.change_status(report, "resolved", by=cast["staff"], reason="ลอกท่อแล้ว")
    report.refresh_from_db()
    return report, receipt
