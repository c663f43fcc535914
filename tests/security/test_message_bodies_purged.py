"""Message bodies do not outlive their use: a message that failed for good loses its body and
address at once, and the scheduled housekeeping empties any finished message still holding
one (rows written before bodies were emptied on sending, or finished by another path)."""

from __future__ import annotations

from phalang.chat import tasks
from phalang.chat.loops import drain
from phalang.core import periodic
from phalang.messaging import outbox
from phalang.messaging.models import OutboundMessage


def test_a_message_that_failed_for_good_keeps_no_body(db, channels) -> None:  # type: ignore[no-untyped-def]
    _line, telegram, _sms = channels
    telegram.fail_next(1, status=403)  # "Forbidden: bot was blocked by the user"
    msg = outbox.enqueue("telegram", "push", [{"text": "รหัสติดตาม 1111-2222-3333-4444-5555"}],
                         key=outbox.idempotency_key("t", 1), address="5123456789")
    drain()
    msg.refresh_from_db()
    assert msg.state == "failed" and "403" in msg.last_error
    assert msg.payload == {} and msg.address_enc == ""
    assert "1111" not in msg.last_error


def test_housekeeping_empties_finished_messages_on_schedule(db) -> None:
    old = OutboundMessage.objects.create(channel="sms", kind="sms", payload={"replies": [{"text": "รหัส 9999"}]},
                                         idempotency_key="legacy", state="sent", next_attempt_at="2026-01-01T00:00Z")
    waiting = outbox.enqueue("sms", "sms", [{"text": "ยังไม่ส่ง"}], key="waiting", address="0812345678")
    assert "channels_housekeeping" in [j.name for j in periodic.jobs()]
    assert tasks.purge_message_bodies() == 1
    old.refresh_from_db()
    waiting.refresh_from_db()
    assert old.payload == {} and waiting.payload != {}
