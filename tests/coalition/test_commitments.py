"""A commitment's status change is public: on its page, its maker's page, the exports, the API
and the signed public log."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phalang.audit.models import AuditEntry
from phalang.coalition import actions
from phalang.watch import publiclog
from phalang.watch.models import PublicLogEntry


@pytest.fixture
def pledge(watchdog, make_org):  # type: ignore[no-untyped-def]
    party = make_org("clean-party", "political_party")
    return actions.create_commitment(tracked_by=watchdog, made_by=party, title="เปิดเผยสัญญาจัดซื้อทุกฉบับ",
                                     source_title="นโยบายหาเสียง 2569", source_url="https://example.org/manifesto")


def test_status_change_appears_on_public_page_and_exports(client, pledge, admin_of, api_client) -> None:  # type: ignore[no-untyped-def]
    user = admin_of(pledge.tracked_by)
    actions.change_commitment_status(pledge, "broken", reason="ครบกำหนดแล้วไม่มีการเปิดเผย",
                                     evidence_url="https://example.org/evidence", by=user)

    page = client.get(f"/coalition/commitments/{pledge.public_id}/").content.decode()
    assert '<strong id="status">ไม่ทำตาม</strong>' in page  # Thai first
    assert "ครบกำหนดแล้วไม่มีการเปิดเผย" in page and "https://example.org/evidence" in page

    rows = list(csv.DictReader(io.StringIO(client.get("/coalition/commitments/export.csv").content.decode("utf-8-sig"))))
    assert [(r["id"], r["status"], r["status_changes"]) for r in rows] == [(pledge.public_id, "broken", "1")]

    data = client.get("/coalition/commitments/export.json").json()["commitments"][0]
    assert data["status"] == "broken"
    assert [(t["from"], t["to"]) for t in data["timeline"]] == [(None, "not_started"), ("not_started", "broken")]

    api = api_client.get(f"/coalition/commitments/{pledge.public_id}").json()
    assert api["status"] == "broken" and api["made_by_org"] == "clean-party"
    assert api_client.get("/coalition/commitments?status=fulfilled").json()["commitments"] == []

    party_page = client.get("/coalition/partners/clean-party/").content.decode()
    assert 'id="kept-broken"' in party_page
    assert AuditEntry.objects.filter(action="commitment.status", target_id=str(pledge.pk)).exists()


def test_status_changes_go_into_the_signed_public_log(pledge) -> None:  # type: ignore[no-untyped-def]
    actions.change_commitment_status(pledge, "in_progress", reason="เริ่มแล้ว")
    actions.change_commitment_status(pledge, "fulfilled", reason="เปิดเผยครบ")
    entries = [publiclog.as_json(e) for e in PublicLogEntry.objects.order_by("seq")]
    mine = [(e["report"], e["status"]) for e in entries if e["report"] == f"commitment:{pledge.public_id}"]
    assert mine == [(f"commitment:{pledge.public_id}", s) for s in ("not_started", "in_progress", "fulfilled")]
    assert publiclog.verify_entries(entries, publiclog.public_key_b64()) == []


def test_a_reason_is_required(pledge) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        actions.change_commitment_status(pledge, "broken", reason="  ")
    pledge.refresh_from_db()
    assert pledge.status == "not_started"


def test_only_the_tracking_organisation_edits(client, pledge, make_org, admin_of, verified_client) -> None:  # type: ignore[no-untyped-def]
    outsider = admin_of(make_org("other-ngo"), "outsider")
    with pytest.raises(PermissionDenied):
        actions.change_commitment_status(pledge, "fulfilled", reason="อ้างเอง", by=outsider)
    c = verified_client(outsider)
    assert c.post(f"/coalition/commitments/{pledge.public_id}/status/",
                  {"status": "fulfilled", "reason": "x"}).status_code == 403
    pledge.refresh_from_db()
    assert pledge.status == "not_started"


def test_staff_change_status_through_the_page(pledge, admin_of, verified_client) -> None:  # type: ignore[no-untyped-def]
    c = verified_client(admin_of(pledge.tracked_by))
    assert 'name="reason"' in c.get(f"/coalition/commitments/{pledge.public_id}/").content.decode()
    resp = c.post(f"/coalition/commitments/{pledge.public_id}/status/",
                  {"status": "partially_fulfilled", "reason": "เปิดเผยแล้วครึ่งหนึ่ง"})
    assert resp.status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == "partially_fulfilled"


def test_an_official_can_be_named_without_an_organisation(watchdog) -> None:  # type: ignore[no-untyped-def]
    c = actions.create_commitment(tracked_by=watchdog, made_by_official="นายอำเภอเมือง", title="ซ่อมถนน",
                                  source_title="หนังสือตอบ")
    assert c.maker_label() == "นายอำเภอเมือง"
    with pytest.raises(ValidationError):
        actions.create_commitment(tracked_by=watchdog, title="ไม่มีผู้ให้คำมั่น", source_title="?")
