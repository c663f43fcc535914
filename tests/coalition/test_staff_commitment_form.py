"""Staff create a commitment from a form, then change its status with a reason on its page;
a missing reason is refused in Thai and changes nothing; other organisations are refused."""

from __future__ import annotations

import pytest

from phalang.coalition.models import Commitment

NEW = "/coalition/staff/watchdog/commitments/new/"


@pytest.fixture
def staff(watchdog, make_user, verified_client):  # type: ignore[no-untyped-def]
    return verified_client(make_user("wd-admin", org=watchdog, role="admin"))


def test_create_then_change_status_with_reason(staff, watchdog, make_org, client) -> None:  # type: ignore[no-untyped-def]
    party = make_org("clean-party", "political_party")
    resp = staff.post(NEW, {"title": "เปิดเผยสัญญาจัดซื้อทุกฉบับ", "made_by": party.pk,
                            "source_title": "นโยบายหาเสียง 2569", "source_date": "2026-03-01",
                            "source_url": "https://example.org/manifesto"})
    assert resp.status_code == 302
    c = Commitment.objects.get()
    assert resp["Location"] == f"/coalition/commitments/{c.public_id}/"
    assert (c.tracked_by, c.made_by, str(c.source_date)) == (watchdog, party, "2026-03-01")
    status_url = f"/coalition/commitments/{c.public_id}/status/"
    resp = staff.post(status_url, {"status": "broken", "reason": "   "})
    assert resp.status_code == 400 and "ระบุเหตุผลของการเปลี่ยนสถานะ" in resp.content.decode()
    c.refresh_from_db()
    assert c.status == "not_started"
    assert staff.post(status_url, {"status": "broken", "reason": "ครบกำหนดแล้วไม่เปิดเผย"}).status_code == 302
    page = client.get(f"/coalition/commitments/{c.public_id}/").content.decode()
    assert '<strong id="status">ไม่ทำตาม</strong>' in page and "ครบกำหนดแล้วไม่เปิดเผย" in page


def test_a_maker_is_required(staff) -> None:  # type: ignore[no-untyped-def]
    resp = staff.post(NEW, {"title": "ซ่อมถนน", "source_title": "หนังสือตอบ"})
    assert resp.status_code == 400 and "ระบุพรรค หน่วยงาน หรือเจ้าหน้าที่ผู้ให้คำมั่น" in resp.content.decode()
    assert not Commitment.objects.exists()
    assert staff.post(NEW, {"title": "ซ่อมถนน", "source_title": "หนังสือตอบ",
                            "made_by_official": "นายอำเภอเมือง"}).status_code == 302
    assert Commitment.objects.get().maker_label() == "นายอำเภอเมือง"


def test_other_organisations_are_refused(watchdog, make_org, make_user, verified_client) -> None:  # type: ignore[no-untyped-def]
    outsider = verified_client(make_user("outsider", org=make_org("other-ngo"), role="admin"))
    assert outsider.get(NEW).status_code == 403
    assert outsider.post(NEW, {"title": "ยึด", "source_title": "x", "made_by_official": "x"}).status_code == 403
    assert not Commitment.objects.exists()
