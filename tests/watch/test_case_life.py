"""A whole case: web report → screening → needs_info over LINE → forward → partner resolves →
public page and signed public log → verify-log passes, and fails after a row is altered."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from phalang.chat.loops import drain
from phalang.watch import publiclog, workflow
from phalang.watch.models import PublicLogEntry, Report
from tests.fakes import line as fl
from tests.watch.conftest import LINE_SECRET


@pytest.fixture
def partners(make_org, make_user):  # type: ignore[no-untyped-def]
    watchdog = make_org("watchdog")
    agency = make_org("district-office", kind="agency")
    for org in (watchdog, agency):
        org.verified = True
        org.save()
    mod = make_user("mod", org=watchdog, role="moderator", email="mod@example.org")
    staff = make_user("staff", org=agency, role="partner_staff", email="staff@example.org")
    root = make_user("root", is_superuser=True)
    workflow.save_routing_rule(by=root, organisations=[watchdog])
    return watchdog, agency, mod, staff


def line_send(client, *events):  # type: ignore[no-untyped-def]
    body, headers = fl.signed_webhook(LINE_SECRET, list(events))
    assert client.post("/webhooks/line", body, content_type="application/json",
                       HTTP_X_LINE_SIGNATURE=headers["X-Line-Signature"]).status_code == 200
    drain()


def test_full_case_life(client, gazetteer, channels, partners, verified_client, mailoutbox) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    watchdog, agency, mod, staff = partners
    receipt = client.post("/api/v1/reports", json.dumps({
        "category": "corruption", "description": "นายสมชาย ใจดี ปลัดอบต. เรียกเงิน 20,000 บาท โทร 081-234-5678",
        "province": "สมุทรปราการ", "anonymity": "anonymous"}), content_type="application/json").json()["receipt"]
    report = Report.objects.get()
    assert list(report.handling_organisations.all()) == [watchdog]  # routed

    mc = verified_client(mod)
    assert report.public_id in mc.get("/moderation/").content.decode()
    page = mc.get(f"/moderation/{report.public_id}/").content.decode()
    assert "081-234-5678" in page  # the original, for the moderator
    assert "[โทรศัพท์]" in page or "[เบอร์โทรศัพท์]" in page or "โทร [" in page  # the redacted proposal
    act = f"/moderation/{report.public_id}/act/"
    mc.post(act, {"action": "status", "status": "screening"})
    mc.post(act, {"action": "request_info", "body": "ช่วยบอกวันที่เกิดเหตุได้ไหมครับ"})
    report.refresh_from_db()
    assert report.status == "needs_info"

    # The anonymous reporter answers over LINE with the receipt from the web.
    user = fl.user_id()
    line_send(client, fl.postback_event("act=follow", user=user))
    line_send(client, fl.text_event(receipt, user=user))
    assert "ช่วยบอกวันที่เกิดเหตุ" in line.flex()[-1]["altText"]  # the status card
    line_send(client, fl.postback_event("act=add", user=user))
    line_send(client, fl.text_event("เกิดเมื่อวันที่ 3 พฤศจิกายน ที่ที่ทำการ อบต.", user=user))
    report.refresh_from_db()
    assert report.status == "screening"

    mc.post(act, {"action": "publish", "public_text": "ปลัด อบต. ถูกกล่าวหาว่าเรียกรับเงินเพื่ออนุมัติใบอนุญาต"})
    mc.post(act, {"action": "forward", "organisation": [agency.pk], "reason": "ส่งหน่วยงานต้นสังกัด"})
    report.refresh_from_db()
    assert report.status == "forwarded" and report.published
    drain()
    assert [m.to for m in mailoutbox] == [["staff@example.org"]]

    client.logout()
    sc = verified_client(staff)
    assert sc.get(f"/partner/{report.public_id}/").status_code == 200
    sc.post(act, {"action": "status", "status": "in_progress", "reason": "ตั้งกรรมการสอบข้อเท็จจริง"})
    sc.post(act, {"action": "status", "status": "resolved", "reason": "ลงโทษทางวินัยแล้ว"})
    report.refresh_from_db()
    assert report.status == "resolved" and report.first_response_at is not None

    public = client.get(f"/reports/{report.public_id}/").content.decode()
    assert "ลงโทษทางวินัยแล้ว" in public and agency.name_th in public
    assert "081-234-5678" not in public and "สมชาย" not in public
    log = client.get("/api/v1/public/log").json()
    assert [e["status"] for e in log["entries"]][-2:] == ["in_progress", "resolved"]
    assert publiclog.verify_entries(log["entries"], log["public_key"]) == []
    call_command("watch", "verify-log")

    with connection.cursor() as cur:
        cur.execute("UPDATE watch_publiclogentry SET status = 'forwarded' WHERE seq = %s",
                    [PublicLogEntry.objects.order_by("-seq").first().seq])
    with pytest.raises(CommandError):
        call_command("watch", "verify-log")


def test_proof_of_receipt_is_signed_and_names_nobody(client, gazetteer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    receipt = client.post("/api/v1/reports", json.dumps({
        "category": "other", "description": "ถนนหน้าวัดเป็นหลุมลึก รถจักรยานยนต์ล้มบ่อย", "anonymity": "confidential",
        "contact": "0899999999"}), content_type="application/json").json()["receipt"]
    proof = client.post("/api/v1/reports/proof", json.dumps({"receipt": receipt}),
                        content_type="application/json").json()
    assert publiclog.verify_proof(proof)
    assert "0899999999" not in json.dumps(proof) and receipt not in json.dumps(proof)
    path = tmp_path / "proof.json"
    path.write_text(json.dumps(proof))
    call_command("watch", "verify-proof", str(path))
    proof["received_at"] = "2020-01-01T00:00:00+00:00"
    path.write_text(json.dumps(proof))
    with pytest.raises(CommandError):
        call_command("watch", "verify-proof", str(path))


def test_merged_duplicate_keeps_its_receipt_working(client, gazetteer, partners, verified_client) -> None:  # type: ignore[no-untyped-def]
    _w, _a, mod, _s = partners
    body = {"category": "public_service", "description": "ไฟถนนดับทั้งซอยวัดใหม่มาสองสัปดาห์แล้ว",
            "province": "เชียงราย", "anonymity": "anonymous"}
    first = client.post("/api/v1/reports", json.dumps(body), content_type="application/json").json()["receipt"]
    second = client.post("/api/v1/reports", json.dumps({**body, "description": body["description"] + " ค่ะ"}),
                         content_type="application/json").json()["receipt"]
    a, b = Report.objects.order_by("id")
    mc = verified_client(mod)
    page = mc.get(f"/moderation/{b.public_id}/").content.decode()
    assert a.public_id in page  # suggested as a duplicate
    mc.post(f"/moderation/{b.public_id}/act/", {"action": "merge", "into": a.public_id})
    b.refresh_from_db()
    assert b.status == "closed_duplicate" and b.merged_into == a
    status = client.post("/api/v1/reports/status", json.dumps({"receipt": second}), content_type="application/json")
    assert status.json()["status"] == a.status
    assert first != second


def test_reopening_needs_a_reason(gazetteer, partners) -> None:  # type: ignore[no-untyped-def]
    from phalang.watch.actions import NewReport, file_report

    _w, _a, mod, _s = partners
    report, _ = file_report(NewReport(category="other", description="ขยะล้นถังหน้าโรงเรียนทุกวัน"))
    workflow.change_status(report, "rejected_spam", by=mod, reason="สแปม")
    report.refresh_from_db()
    with pytest.raises(workflow.WorkflowError):
        workflow.reopen(report, by=mod, reason="  ")
    workflow.reopen(report, by=mod, reason="ผู้แจ้งยืนยันว่าเป็นเรื่องจริง")
    report.refresh_from_db()
    assert report.status == "screening" and report.closed_at is None
    with pytest.raises(workflow.WorkflowError):
        workflow.change_status(report, "resolved", by=mod)  # not an allowed step from screening
