"""The durable outbox: every message the platform sends, written with the change that causes it."""

from __future__ import annotations

from django.db import models


class OutboundMessage(models.Model):
    """A message to send, written in the same transaction as the change that caused it.

    ``sending`` marks a request in flight: it is committed before the request and replaced by
    ``sent`` after it, so rows a dead sender left in ``sending`` are exactly the ones whose fate
    is unknown (outbox.py decides what to do with them).
    """

    class State(models.TextChoices):
        PENDING = "pending"
        SENDING = "sending"
        SENT = "sent"
        FAILED = "failed"

    channel = models.CharField(max_length=16)
    kind = models.CharField(max_length=16)  # reply | push | sms | email | bc:<broadcast id>
    address_enc = models.TextField(blank=True)
    reply_token = models.CharField(max_length=255, blank=True)
    # {"sealed": seal(JSON of the replies)} (outbox.enqueue), or {"replies": [...]} for bulk
    # announcements; emptied once the message is sent or has failed for good.
    payload = models.JSONField()
    # Also the source of the X-Line-Retry-Key of a push, so a retried push is delivered once.
    idempotency_key = models.CharField(max_length=64, unique=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Bulk messages (broadcasts) yield to conversational ones, and may be merged into one LINE
    # multicast; recipient_id is the recipient's id in the module that queued them (a coalition
    # SubscriberAddress), checked again just before sending (outbox.register_recipient_check).
    bulk = models.BooleanField(default=False)
    recipient_id = models.BigIntegerField(null=True, blank=True)
    # The X-Line-Retry-Key of the request that carries this message, kept until it is settled.
    batch_key = models.CharField(max_length=36, blank=True)
    # A sender died while this message's request was in flight, on a platform without retry keys:
    # it may have been delivered twice (docs/architecture.md, "Messaging").
    in_doubt = models.BooleanField(default=False)

    class Meta:
        # The table keeps the name it had under the ``channels`` app: moving the model moved no data.
        db_table = "channels_outboundmessage"
        indexes = [
            models.Index(fields=["channel", "bulk", "next_attempt_at", "id"], name="outbox_due",
                         condition=models.Q(state="pending")),
            models.Index(fields=["claimed_until"], name="outbox_in_flight", condition=models.Q(state="sending")),
            models.Index(fields=["recipient_id"], name="outbox_recipient", condition=models.Q(recipient_id__isnull=False)),
            models.Index(fields=["kind"], name="outbox_bulk_kind", condition=models.Q(bulk=True)),
        ]

    def __str__(self) -> str:
        return f"{self.channel}/{self.kind} {self.state}"
