"""Coalitions, commitments, campaigns, events with RSVPs, subscribers and broadcasts.

Personal data lives in three places only, each encrypted or purgeable: RSVP names and contacts
(purged after the event, see purge.py) and subscriber addresses (deleted on opt-out). Everything
public (commitments, campaigns, event pages) names organisations, never participants.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def new_public_id() -> str:
    return secrets.token_urlsafe(6)


_ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"


def new_commitment_id() -> str:
    # Five characters: "commitment:<id>" must fit the shared public log's 16-character id column.
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(5))


def new_subscriber_token() -> str:
    return secrets.token_urlsafe(16)


class Coalition(models.Model):
    """Organisations working together; lead members manage it."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def governing_organisation_ids(self) -> set[int]:
        return set(self.members.filter(role=CoalitionMember.Role.LEAD).values_list("organisation_id", flat=True))


class CoalitionMember(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", pgettext_lazy("coalition coalition member role", "Lead")
        MEMBER = "member", pgettext_lazy("coalition coalition member role", "Member")

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="coalition_memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["coalition", "organisation"], name="unique_coalition_member")]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


# --- Commitments (คำมั่นสัญญา) -------------------------------------------------------------------

class CommitmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", pgettext_lazy("coalition commitment status", "Not started")
    IN_PROGRESS = "in_progress", pgettext_lazy("coalition commitment status", "In progress")
    FULFILLED = "fulfilled", pgettext_lazy("coalition commitment status", "Fulfilled")
    PARTIALLY_FULFILLED = "partially_fulfilled", pgettext_lazy("coalition commitment status", "Partially fulfilled")
    BROKEN = "broken", pgettext_lazy("coalition commitment status", "Broken")


class Commitment(models.Model):
    """A pledge by a party, an agency or an official, tracked by a watchdog organisation."""

    public_id = models.CharField(max_length=16, unique=True, default=new_commitment_id)
    tracked_by = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="tracked_commitments")
    made_by = models.ForeignKey("orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="commitments")
    made_by_official = models.CharField(_("official"), max_length=200, blank=True)
    title = models.CharField(_("commitment"), max_length=300)
    description = models.TextField(_("details"), blank=True)
    source_title = models.CharField(_("source document"), max_length=300)
    source_date = models.DateField(_("source date"), null=True, blank=True)
    source_url = models.URLField(_("source link"), blank=True)
    status = models.CharField(max_length=24, choices=CommitmentStatus.choices, default=CommitmentStatus.NOT_STARTED)
    campaign = models.ForeignKey("Campaign", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="commitments")
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def governing_organisation_ids(self) -> set[int]:
        return {self.tracked_by_id}

    def maker_label(self) -> str:
        if self.made_by is None:
            return self.made_by_official
        if self.made_by_official:
            return f"{self.made_by.name_th} ({self.made_by_official})"
        return self.made_by.name_th


class CommitmentUpdate(models.Model):
    """One entry of a commitment's public timeline: a status change or new evidence."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    status_from = models.CharField(max_length=24, choices=CommitmentStatus.choices, blank=True)
    status_to = models.CharField(max_length=24, choices=CommitmentStatus.choices)
    reason = models.TextField(_("reason"))
    evidence_url = models.URLField(_("evidence link"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class Ask(models.Model):
    """From common ground to accountability: a facilitator turns a statement that almost everyone,
    or every group, agreed with into an ask to a party or an agency. The answer becomes a tracked
    commitment, linked to the statement and to the support behind it (a snapshot of the map)."""

    class State(models.TextChoices):
        SENT = "sent", pgettext_lazy("coalition ask state", "Sent, waiting for an answer")
        ANSWERED = "answered", pgettext_lazy("coalition ask state", "Answered: commitment tracked")
        DECLINED = "declined", pgettext_lazy("coalition ask state", "Declined to answer")

    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="asks_made")
    addressed_to = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="asks_received")
    statement = models.ForeignKey("deliberation.Statement", on_delete=models.PROTECT, related_name="asks")
    text = models.TextField(_("the ask"))
    # {"kind": "consensus" | "bridging", "percent": int | None, "votes": int, "groups": [{"label", "percent"}]}
    support = models.JSONField(default=dict)
    class AnsweredBy(models.TextChoices):
        ADDRESSEE = "addressee", pgettext_lazy("coalition ask answered by", "Answered by the party or agency itself")
        FACILITATOR = "facilitator", pgettext_lazy("coalition ask answered by",
                                                   "Recorded by the facilitator on their behalf")

    state = models.CharField(max_length=12, choices=State.choices, default=State.SENT)
    commitment = models.OneToOneField(Commitment, null=True, blank=True, on_delete=models.SET_NULL, related_name="ask")
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.CharField(max_length=12, choices=AnsweredBy.choices, blank=True)
    # The addressee's private answer link: only a keyed hash of its token is kept; it expires, and a
    # new link (``actions.new_answer_link``) replaces the old one.
    answer_token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    answer_link_expires_at = models.DateTimeField(null=True, blank=True)
    # The addressee declined at its link (``actions.decline_ask``): published on its partner page,
    # with who declined and why, as an answer would be.
    declined_at = models.DateTimeField(null=True, blank=True)
    declined_by_official = models.CharField(max_length=200, blank=True)
    decline_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"

    def governing_organisation_ids(self) -> set[int]:
        return {self.organisation_id}


# --- Campaigns ----------------------------------------------------------------------------------

class Campaign(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="campaigns")
    coalition = models.ForeignKey(Coalition, null=True, blank=True, on_delete=models.SET_NULL, related_name="campaigns")
    title = models.CharField(_("title"), max_length=200)
    issue = models.TextField(_("issue"))
    goals = models.TextField(_("goals"), blank=True)
    province = models.ForeignKey("places.Province", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def governing_organisation_ids(self) -> set[int]:
        ids = {self.organisation_id}
        if self.coalition is not None:
            ids |= self.coalition.governing_organisation_ids()
        return ids

    def progress(self) -> int:
        values = [m.progress for m in self.milestones.all()]
        return round(sum(values) / len(values)) if values else 0


class Milestone(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class CampaignUpdate(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class CampaignLink(models.Model):
    """Work held by a campaign in another module, by kind and that module's public id."""

    class Kind(models.TextChoices):
        REPORT = "report", pgettext_lazy("coalition campaign link kind", "Report")
        PROCUREMENT = "procurement", pgettext_lazy("coalition campaign link kind", "Procurement process")
        HELP_REQUEST = "help_request", pgettext_lazy("coalition campaign link kind", "Help request")
        DELIBERATION = "deliberation", pgettext_lazy("coalition campaign link kind", "Deliberation")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    external_id = models.CharField(max_length=80)
    label = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "kind", "external_id"], name="unique_campaign_link")]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


# --- Events -------------------------------------------------------------------------------------

class Event(models.Model):
    class Mode(models.TextChoices):
        ONLINE = "online", pgettext_lazy("coalition event mode", "Online")
        OFFLINE = "offline", pgettext_lazy("coalition event mode", "In person")
        HYBRID = "hybrid", pgettext_lazy("coalition event mode", "Hybrid")

    public_id = models.CharField(max_length=16, unique=True, default=new_public_id)
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="events")
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    title = models.CharField(_("title"), max_length=200)
    mode = models.CharField(max_length=8, choices=Mode.choices, default=Mode.OFFLINE)
    agenda = models.TextField(_("agenda"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    requires_approval = models.BooleanField(default=False)
    # The place, and the online link, stay private until venue_reveal_at (None: public at once).
    venue = models.TextField(_("venue"), blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    venue_reveal_at = models.DateTimeField(_("reveal the venue at"), null=True, blank=True)
    venue_revealed_at = models.DateTimeField(null=True, blank=True)
    venue_version = models.PositiveIntegerField(default=1)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # Conditional pledges: "I will join if enough others do". Sign-ups are pledges until this many
    # people have pledged; then every pledger is confirmed and told at once (None: no condition).
    pledge_threshold = models.PositiveIntegerField(_("goes ahead when this many pledge"), null=True, blank=True)
    pledges_met_at = models.DateTimeField(null=True, blank=True)
    minutes = models.TextField(_("minutes and outcomes"), blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return self.title

    def governing_organisation_ids(self) -> set[int]:
        return {self.organisation_id}

    @property
    def pledging(self) -> bool:
        """Sign-ups are still conditional pledges: the threshold is set and not yet reached."""
        return self.pledge_threshold is not None and self.pledges_met_at is None

    @property
    def venue_hidden(self) -> bool:
        return self.venue_reveal_at is not None and self.venue_revealed_at is None


class Rsvp(models.Model):
    class Status(models.TextChoices):
        # A web sign-up whose e-mail or phone nobody has proved yet: holds no seat, is on no list,
        # and is told nothing more until the button behind the ticket link is pressed.
        UNPROVEN = "unproven", pgettext_lazy("coalition rsvp status", "Not confirmed by you yet: no place held")
        PENDING = "pending", pgettext_lazy("coalition rsvp status", "Waiting for confirmation")
        WAITLISTED = "waitlisted", pgettext_lazy("coalition rsvp status", "On the waiting list")
        PLEDGED = "pledged", pgettext_lazy("coalition rsvp status", "Pledged: joins if enough others do")
        CONFIRMED = "confirmed", pgettext_lazy("coalition rsvp status", "Confirmed")
        CANCELLED = "cancelled", pgettext_lazy("coalition rsvp status", "Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    token_hash = models.CharField(max_length=64, unique=True)  # keyed hash of the ticket link's token
    name = models.CharField(_("name or nickname"), max_length=100, blank=True)
    show_name = models.BooleanField(_("list my name among participants"), default=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["event", "status"], name="coalition_rsvp_event_status")]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class RsvpContact(models.Model):
    """Where to reach a participant; every one of them gets the venue at once."""

    rsvp = models.ForeignKey(Rsvp, on_delete=models.CASCADE, related_name="contacts")
    channel = models.CharField(max_length=16)
    address_enc = models.TextField()

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


# --- Subscribers and broadcasts -----------------------------------------------------------------

class Subscriber(models.Model):
    """A person who asked for announcements. Opting out stops every one of their channels."""

    token = models.CharField(max_length=32, unique=True, default=new_subscriber_token)
    active = models.BooleanField(default=True)
    province = models.ForeignKey("places.Province", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"subscriber {self.pk}"


class SubscriberAddress(models.Model):
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="addresses")
    channel = models.CharField(max_length=16)
    address_enc = models.TextField()
    address_hash = models.CharField(max_length=64)  # keyed hash: finds the same person again

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel", "address_hash"], name="unique_subscriber_address")]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class SubscriberTag(models.Model):
    """A segment a subscriber belongs to: an interest, a coalition, an event or a campaign followed."""

    class Kind(models.TextChoices):
        INTEREST = "interest", pgettext_lazy("coalition subscriber tag kind", "Interest")
        COALITION = "coalition", pgettext_lazy("coalition subscriber tag kind", "Coalition")
        EVENT = "event", pgettext_lazy("coalition subscriber tag kind", "Event")
        CAMPAIGN = "campaign", pgettext_lazy("coalition subscriber tag kind", "Campaign")

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    value = models.CharField(max_length=80)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscriber", "kind", "value"], name="unique_subscriber_tag")]
        indexes = [models.Index(fields=["kind", "value"], name="coalition_tag_kind_value")]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class PendingSubscription(models.Model):
    """A subscription asked for on the web, for an e-mail address or a phone number that nobody has
    proved yet. Nothing reaches the address but the one confirmation message until its owner opens
    the link or replies YES (double opt-in); unconfirmed requests are deleted after a week."""

    channel = models.CharField(max_length=16)
    address_enc = models.TextField()
    address_hash = models.CharField(max_length=64, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)  # keyed hash of the link's token
    tags = models.JSONField(default=list)  # [[kind, value], ...]
    province = models.ForeignKey("places.Province", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    purpose = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class ConsentRecord(models.Model):
    """PDPA: when, and over which channel, a subscriber opted in or out. Never deleted."""

    class Action(models.TextChoices):
        OPT_IN = "opt_in", pgettext_lazy("coalition consent record action", "Opted in")
        OPT_OUT = "opt_out", pgettext_lazy("coalition consent record action", "Opted out")

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    action = models.CharField(max_length=8, choices=Action.choices)
    channel = models.CharField(max_length=16)
    purpose = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class Broadcast(models.Model):
    class State(models.TextChoices):
        SCHEDULED = "scheduled", pgettext_lazy("coalition broadcast state", "Scheduled")
        QUEUED = "queued", pgettext_lazy("coalition broadcast state", "Queued")
        CANCELLED = "cancelled", pgettext_lazy("coalition broadcast state", "Cancelled")

    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="broadcasts")
    text = models.TextField()
    # The audience: every active subscriber matching all of the given filters.
    province = models.ForeignKey("places.Province", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    tag_kind = models.CharField(max_length=16, choices=SubscriberTag.Kind.choices, blank=True)
    tag_value = models.CharField(max_length=80, blank=True)
    channels = models.JSONField(default=list)  # empty: every channel
    state = models.CharField(max_length=12, choices=State.choices, default=State.SCHEDULED)
    send_at = models.DateTimeField()
    queued_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-send_at", "-id"]

    def __str__(self) -> str:
        return f"broadcast {self.pk}"

    def governing_organisation_ids(self) -> set[int]:
        return {self.organisation_id}

    @property
    def outbox_kind(self) -> str:
        return f"bc:{self.pk}"
