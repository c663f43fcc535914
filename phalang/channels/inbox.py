"""The durable inbox: webhooks store verified events; workers process them exactly once.

A webhook request only verifies, stores the raw event and answers 200. A worker then

1. claims a batch with a lease (``claimed_until``), taking for each sender only their oldest
   unprocessed event, so one person's messages are handled in order;
2. *prepares* outside any transaction: downloads a photo from LINE or Telegram (harmless to
   repeat);
3. *applies* in one transaction: re-checks the event is still unprocessed, runs the dialog or the
   SMS command, writes the report and the outbound replies, and marks the event processed.

A worker killed at any point leaves either nothing (the transaction rolls back and the lease
expires, so another worker takes the event) or everything. Nothing is lost, nothing is done twice.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from phalang.channels import dialog, line, outbox, sms, telegram
from phalang.channels.context import ChatContext, render_status
from phalang.channels.models import DialogSession, InboundEvent
from phalang.lib.crypto import encrypt, keyed_hash, unseal
from phalang.watch import actions, notices, receipts, throttle, vault
from phalang.watch.models import Channel

log = logging.getLogger(__name__)
# How long a claimed event is left to its worker before another may take it over.
LEASE = timedelta(seconds=float(os.environ.get("PHALANG_INBOX_LEASE_SECONDS", "60")))
MAX_ATTEMPTS = 5


def user_key(channel: str, user_id: str) -> str:
    return keyed_hash("channel", f"{channel}:{user_id}")


def claim(limit: int = 20) -> list[int]:
    now = timezone.now()
    earlier = InboundEvent.objects.filter(user_key=OuterRef("user_key"), id__lt=OuterRef("id"),
                                          processed_at__isnull=True)
    with transaction.atomic():
        qs = (InboundEvent.objects.filter(processed_at__isnull=True)
              .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
              .exclude(Exists(earlier)).order_by("id"))
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        ids = list(qs.values_list("id", flat=True)[:limit])
        InboundEvent.objects.filter(id__in=ids).update(claimed_until=now + LEASE)
    return ids


@dataclass
class Prepared:
    channel: str
    user_id: str
    reply_token: str
    incoming: dialog.Incoming | None
    photo: vault.Checked | None = None
    photo_error: str = ""
    sms: sms.SmsCommand | None = None


def prepare(event: InboundEvent) -> Prepared | None:
    payload = json.loads(unseal(event.payload))
    if event.channel == Channel.SMS:
        return Prepared(Channel.SMS, payload["from"], "", None, sms=sms.parse_command(payload["text"]))
    parsed = line.parse(payload) if event.channel == Channel.LINE else telegram.parse(payload)
    if parsed is None or parsed.incoming is None:
        return None
    prep = Prepared(event.channel, parsed.user_id, parsed.reply_token, parsed.incoming)
    if parsed.image_ref:
        try:
            data = (line.fetch_content(parsed.image_ref) if event.channel == Channel.LINE
                    else telegram.fetch_file(parsed.image_ref))
            prep.photo = vault.check_files([data])[0]
        except vault.VaultError as exc:
            prep.photo_error = exc.message_th
    return prep


def _reply(prep: Prepared, event: InboundEvent, replies: list[dialog.Reply]) -> None:
    if not replies:
        return
    key = outbox.idempotency_key(event.channel, event.external_id)
    if prep.channel == Channel.LINE:
        outbox.enqueue("line", "reply", line.reply_dicts(replies), key=key, address=prep.user_id,
                       reply_token=prep.reply_token)
    elif prep.channel == Channel.TELEGRAM:
        outbox.enqueue("telegram", "reply", line.reply_dicts(replies), key=key, address=prep.user_id,
                       reply_token=prep.reply_token)
    else:
        outbox.enqueue("sms", "sms", [{"text": r.text} for r in replies], key=key, address=prep.user_id)


def _apply_chat(event: InboundEvent, prep: Prepared) -> None:
    assert prep.incoming is not None
    key = user_key(prep.channel, prep.user_id)
    session, _ = DialogSession.objects.get_or_create(channel=prep.channel, user_key=key)
    incoming = prep.incoming
    if prep.photo is not None:
        stored = vault.store(prep.photo, pending_session=key)
        incoming.evidence_id = stored.pk
    incoming.evidence_error = prep.photo_error
    ctx = ChatContext(prep.channel, prep.user_id, prep.user_id, key)
    state, replies = dialog.step(session.state or None, incoming, ctx)
    session.state = state
    session.reminded = False
    # The encrypted address is kept only while a dialog is half-way, for the one reminder.
    session.address_enc = encrypt(prep.user_id, "channel") if state.get("step") != "idle" else ""
    session.save()
    _reply(prep, event, replies)


def _apply_sms(event: InboundEvent, prep: Prepared) -> None:
    cmd = prep.sms
    assert cmd is not None
    client = f"sms:{user_key(Channel.SMS, prep.user_id)}"
    text: str
    if cmd.kind == "report":
        ctx = ChatContext(Channel.SMS, prep.user_id, prep.user_id, "")
        province = ctx.resolve_province(cmd.province_text) if cmd.province_text else None
        try:
            _r, receipt = actions.file_report(actions.NewReport(
                category="other", description=cmd.text, channel=Channel.SMS, province=province,
                channel_user_id=prep.user_id, reply_address=prep.user_id))
            text = (f"พลัง: ได้รับเรื่องแล้ว รหัสติดตาม {receipt} (เก็บไว้ ใช้ส่ง \"สถานะ {receipt}\") "
                    + notices.SMS_RECEIPT)
        except actions.ReportInvalid as exc:
            text = "พลัง: ส่งเรื่องไม่สำเร็จ " + " ".join(th for th, _en in exc.errors.values()) + "\n" + sms.HELP
    elif cmd.kind in ("status", "add"):
        if throttle.is_blocked(client, cmd.receipt_text):
            text = "พลัง: ลองรหัสผิดหลายครั้งเกินไป กรุณารอ 15 นาที"
        else:
            report = actions.find_by_receipt(cmd.receipt_text) if receipts.normalize(cmd.receipt_text) else None
            if report is None:
                throttle.record_failure(client, cmd.receipt_text)
                text = "พลัง: ไม่พบเรื่องที่ใช้รหัสนี้"
            elif cmd.kind == "status":
                text = "พลัง: " + render_status(report)
            else:
                try:
                    actions.add_reporter_message(report, cmd.text, channel=Channel.SMS)
                    text = "พลัง: บันทึกข้อมูลเพิ่มเติมแล้ว ขอบคุณ"
                except actions.ReportInvalid:
                    text = "พลัง: กรุณาพิมพ์ข้อความหลังรหัส เช่น เพิ่ม <รหัส> <ข้อความ>"
    else:
        # STOP/หยุด and YES/ใช่ (double opt-in) follow the coalition's rules, in its actions.
        from phalang.coalition.actions import sms_keyword_reply

        text = sms_keyword_reply(prep.user_id, cmd.text) or sms.HELP
    _reply(prep, event, [dialog.Reply(text)])


def apply(event_id: int, prep: Prepared | None) -> bool:
    with transaction.atomic():
        event = InboundEvent.objects.select_for_update().get(pk=event_id)
        if event.processed_at is not None:
            return False  # another worker finished it while we were preparing
        if prep is not None:
            if prep.channel == Channel.SMS:
                _apply_sms(event, prep)
            else:
                _apply_chat(event, prep)
        if os.environ.get("PHALANG_FAULT_INJECT") == "inbox.apply":
            # Fault injection for the durability test: die after all the writes, before commit.
            os._exit(137)
        event.processed_at = timezone.now()
        event.payload = ""  # the raw event holds the sender's id: keep it no longer than needed
        event.claimed_until = None
        event.error = ""
        event.save(update_fields=["processed_at", "payload", "claimed_until", "error"])
    return True


def process(event_id: int) -> bool:
    event = InboundEvent.objects.get(pk=event_id)
    if event.processed_at is not None:
        return False
    try:
        return apply(event_id, prepare(event))
    except Exception as exc:
        log.exception("inbound event %s failed", event_id)
        attempts = event.attempts + 1
        fields: dict[str, Any] = {"attempts": attempts, "error": f"{type(exc).__name__}: {exc}"[:1000],
                                  "claimed_until": timezone.now() + timedelta(seconds=2 ** attempts)}
        if attempts >= MAX_ATTEMPTS:
            fields.update(processed_at=timezone.now(), payload="")
        InboundEvent.objects.filter(pk=event_id).update(**fields)
        return False


def process_pending(limit: int = 20) -> int:
    done = 0
    for pk in claim(limit):
        done += int(process(pk))
    return done
