"""Audit item 1: a receipt sent over LINE, Telegram or SMS cannot be read from the sent-message
table, neither while the message waits to be sent nor after it went out.

With a receipt, whoever reads the database could follow the case and write as the reporter."""

from __future__ import annotations

from phalang.chat import inbox
from phalang.chat.loops import drain
from phalang.messaging import outbox
from phalang.messaging.models import OutboundMessage
from tests.security import helpers as h


def _inbox_only() -> None:
    """Process what came in, but send nothing yet: the replies wait in the outbox."""
    while inbox.process_pending():
        pass


def test_receipts_are_not_readable_from_the_outbox(client, db, channels) -> None:  # type: ignore[no-untyped-def]
    line, telegram, sms = channels
    people = [h.new_line_reporter(), h.new_telegram_reporter(), h.new_sms_reporter()]
    h.file_by_line(client, drain, people[0], "นายกเทศมนตรีรับเงินจากผู้รับเหมาถนนสายหลักของตำบล")
    h.file_by_telegram(client, drain, people[1], "คลินิกของรัฐเรียกเก็บค่าบริการที่ควรจะฟรีจากผู้สูงอายุ")
    # The last message of each reporter waits in the outbox: dump the table as a thief would.
    h.sms_post(client, people[2].ids[1], "แจ้ง น่าน ขยะไม่ถูกเก็บมาสองเดือนแล้วที่ชุมชนริมคลอง")
    _inbox_only()
    pending_dump = h.table_text(OutboundMessage._meta.db_table)
    assert OutboundMessage.objects.filter(state="pending").exists()
    outbox.send_pending()
    drain()

    sent = h.receipts_in(line.texts() + telegram.texts() + [m["text"] for m in sms.messages])
    assert len(set(sent)) == 3, sent  # one receipt per reporter reached them
    sent_dump = h.table_text(OutboundMessage._meta.db_table)
    for receipt in sent:
        for spelling in h.receipt_spellings(receipt):
            assert spelling not in pending_dump, "a receipt is readable in a waiting message"
            assert spelling not in sent_dump, "a receipt is readable in a sent message"
