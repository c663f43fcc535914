"""Conversations, statements, pseudonymous participants, votes and the stored opinion model.

No IP address, user agent or account is ever linked to a participant: a web visitor is a
random token in a signed cookie, an API client a random token, a LINE or Telegram user a keyed
hash of the channel's user id. Only the keyed hash is stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Conversation(models.Model):
    topic = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # Null for a conversation imported by the operator without an organisation: only platform
    # administrators facilitate it.
    organisation = models.ForeignKey("orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="conversations")
    is_open = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    is_demo = models.BooleanField(default=False)
    # Credit the licence of imported data asks for (Pol.is open data: CC BY 4.0), shown with it.
    attribution = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.topic

    def governing_organisation_ids(self) -> set[int]:
        return {self.organisation_id} if self.organisation_id else set()


class Moderation(models.TextChoices):
    UNMODERATED = "unmoderated", pgettext_lazy("deliberation moderation", "Waiting for moderation")
    ACCEPTED = "accepted", pgettext_lazy("deliberation moderation", "Accepted")
    REJECTED = "rejected", pgettext_lazy("deliberation moderation", "Rejected")
    # About the conversation itself ("the statements are too long"): shown, but not in the math.
    META = "meta", pgettext_lazy("deliberation moderation", "Meta")


# Pol.is export convention for the `moderated` column: 1 in, 0 not yet moderated, -1 out.
POLIS_MODERATED = {Moderation.ACCEPTED: 1, Moderation.UNMODERATED: 0, Moderation.REJECTED: -1,
                   Moderation.META: -1}
VOTABLE = (Moderation.ACCEPTED, Moderation.META)


class ParticipantKind(models.TextChoices):
    WEB = "web", pgettext_lazy("deliberation participant kind", "Web")
    API = "api", "API"
    LINE = "line", "LINE"
    TELEGRAM = "telegram", "Telegram"
    IMPORT = "import", pgettext_lazy("deliberation participant kind", "Imported")
    DEMO = "demo", pgettext_lazy("deliberation participant kind", "Demo")


class Participant(models.Model):
    """One pseudonymous voice in one conversation."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(max_length=12, choices=ParticipantKind.choices)
    # Keyed hash of the cookie/API token or of "channel:user id"; null for imported and demo voices.
    # Null, not "", so the unique constraint ignores them.
    key_hash = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    # The Pol.is voter-id of an imported participant, kept so an export gives the same ids back.
    external_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "key_hash"], name="deliberation_participant_key"),
            models.UniqueConstraint(fields=["conversation", "external_id"], name="deliberation_participant_ext"),
        ]

    def __str__(self) -> str:
        return f"participant {self.pk}"


class Statement(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="statements")
    text = models.TextField()
    # Null for a seed statement written by the facilitator.
    author = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_seed = models.BooleanField(default=False)
    moderation = models.CharField(max_length=12, choices=Moderation.choices, default=Moderation.UNMODERATED,
                                  db_index=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    external_id = models.BigIntegerField(null=True, blank=True)  # Pol.is comment-id when imported
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "external_id"], name="deliberation_statement_ext"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Vote(models.Model):
    """One vote event. Every event is kept; the latest per participant and statement counts."""

    AGREE, DISAGREE, PASS = 1, -1, 0
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(choices=[(1, pgettext_lazy("deliberation vote", "Agree")),
                                              (-1, pgettext_lazy("deliberation vote", "Disagree")),
                                              (0, pgettext_lazy("deliberation vote", "Pass"))])
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["conversation", "created_at"]),
                   models.Index(fields=["participant", "statement"])]
        constraints = [models.CheckConstraint(condition=models.Q(value__in=(-1, 0, 1)),
                                              name="deliberation_vote_value")]

    def __str__(self) -> str:
        return f"vote {self.pk}"


class Analysis(models.Model):
    """The latest opinion model of a conversation, and what the next update starts from."""

    conversation = models.OneToOneField(Conversation, on_delete=models.CASCADE, related_name="analysis")
    state = models.JSONField(null=True, blank=True)  # the engine's State, for warm starts
    # The engine's result without participant ids, plus per-group tallies (see actions.recompute).
    result = models.JSONField(null=True, blank=True)
    # participant pk (string) -> group index or null. Never shown: it only tells a participant
    # their own group.
    participant_groups = models.JSONField(default=dict, blank=True)
    # participant pk (string) -> [x, y] on the map. Shown only to that participant ("you are here").
    participant_points = models.JSONField(default=dict, blank=True)
    n_votes = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(null=True, blank=True)
    # When a recompute was last queued: votes queue at most one per debounce window.
    enqueued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"analysis of {self.conversation_id}"
