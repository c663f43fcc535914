"""Chat housekeeping: draft reminders and expiry, and forgetting processed events."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from phalang.chat import attachments
from phalang.chat.models import DialogSession, InboundEvent
from phalang.core import periodic
from phalang.lib import conf, sqlite_scrub
from phalang.messaging import notify
from phalang.messaging.models import OutboundMessage

REMINDER = "ยังแจ้งเรื่องไม่เสร็จ พิมพ์ต่อได้เลย หรือพิมพ์ \"ยกเลิก\" (เรื่องที่ค้างไว้จะถูกลบใน {hours} ชั่วโมง)"


def expire_dialogs() -> int:
    """Remind once at half-time; at the deadline, drop the draft and its photos."""
    hours = conf.phalang("DRAFT_HOURS")
    now = timezone.now()
    for session in DialogSession.objects.filter(reminded=False, updated_at__lt=now - timedelta(hours=hours / 2)) \
            .exclude(state__step="idle").exclude(address_enc=""):
        with transaction.atomic():
            notify.notify(session.channel, REMINDER.format(hours=hours // 2), address_enc=session.address_enc,
                          key=notify.key("reminder", session.pk, session.updated_at.isoformat()))
            DialogSession.objects.filter(pk=session.pk).update(reminded=True)
    expired = DialogSession.objects.filter(updated_at__lt=now - timedelta(hours=hours))
    count = 0
    store = attachments.get()
    for session in expired:
        if store is not None:
            store.discard(session.user_key)
        session.delete()
        count += 1
    return count


def purge_processed_events() -> int:
    # Keep processed rows (already without payload) 7 days: long enough to drop redeliveries.
    cutoff = timezone.now() - timedelta(days=7)
    deleted, _ = InboundEvent.objects.filter(processed_at__lt=cutoff).delete()
    return deleted


def purge_message_bodies() -> int:
    """Bodies and addresses of finished messages. The sender empties them as it records the
    outcome; this catches rows finished by other paths (an opt-out, a cancelled broadcast) and
    rows written before bodies were emptied."""
    done = OutboundMessage.objects.filter(state__in=[OutboundMessage.State.SENT, OutboundMessage.State.FAILED])
    return done.exclude(payload={}, address_enc="", reply_token="").update(payload={}, address_enc="", reply_token="")


@task(queue_name="default")
def housekeeping() -> dict[str, int]:
    counts = {"dialogs_expired": expire_dialogs(), "events_forgotten": purge_processed_events(),
              "message_bodies_purged": purge_message_bodies()}
    sqlite_scrub.checkpoint()
    return counts


periodic.register(periodic.PeriodicJob("channels_housekeeping", 15 * 60, housekeeping.enqueue))
