"""The durable inbox and chat dialog sessions.

The Django label stays ``channels`` (the app's old name), so existing databases keep their tables
and migration history."""

from __future__ import annotations

from django.db import models


class InboundEvent(models.Model):
    """A verified webhook event, stored before the webhook answers 200.

    ``user_key`` (a keyed hash of the sender) lets workers take one sender's events strictly in
    order; it is blanked once processed, with the payload (sealed, lib/crypto.seal, when stored).
    The row stays a while to drop redeliveries by ``external_id``.
    """

    channel = models.CharField(max_length=16)
    external_id = models.CharField(max_length=80)
    user_key = models.CharField(max_length=64, blank=True)
    payload = models.TextField()
    received_at = models.DateTimeField(auto_now_add=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    processed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel", "external_id"], name="unique_inbound_event")]
        indexes = [models.Index(fields=["processed_at", "id"], name="inbound_pending")]

    def __str__(self) -> str:
        return f"{self.channel}:{self.external_id}"


class DialogSession(models.Model):
    channel = models.CharField(max_length=16)
    user_key = models.CharField(max_length=64)
    state = models.JSONField(default=dict)
    # Encrypted user id / chat id, to send the one reminder; deleted with the session.
    address_enc = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    reminded = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel", "user_key"], name="unique_dialog_session")]

    def __str__(self) -> str:
        return f"{self.channel}:{self.user_key[:8]}"
