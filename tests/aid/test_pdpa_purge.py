"""Personal data of closed requests is purged after the retention period; aggregates remain."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from phalang.aid import actions
from phalang.aid.models import HelpRequest, State
from phalang.core import retention


def test_purge_after_retention(settings, group, coordinator, file_request) -> None:  # type: ignore[no-untyped-def]
    settings.PHALANG = {**settings.PHALANG, "PDPA_RETENTION_DAYS": 90}
    old = file_request(phone="0811111111", address="บ้าน 1", name="ก", details="ลับ")
    recent = file_request(phone="0822222222", address="บ้าน 2", name="ข")
    still_open = file_request(phone="0833333333", address="บ้าน 3")
    now = timezone.now()
    actions.cancel_request(old, by=coordinator, now=now - timedelta(days=91))
    actions.cancel_request(recent, by=coordinator, now=now - timedelta(days=89))
    assert "aid.closed_requests" in retention.registered()
    counts = retention.run_all()
    assert counts["aid.closed_requests"] == 1
    old.refresh_from_db()
    assert old.phone_enc == old.address_enc == old.name_enc == old.details == old.phone_hash == ""
    assert old.lat is None and old.purged_at is not None
    assert old.need == "food" and old.state == State.CANCELLED and old.subdistrict is not None  # aggregates stay
    for kept in (recent, still_open):
        kept.refresh_from_db()
        assert actions.contact(kept)["phone"] and kept.purged_at is None
    assert actions.purge_closed_requests() == 0  # idempotent
    assert HelpRequest.objects.count() == 3
