"""Reports, their timeline and messages, and the evidence vault."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, pgettext_lazy


def new_public_id() -> str:
    # The public id names a report in URLs; it is unrelated to the receipt and reveals nothing.
    return secrets.token_urlsafe(9)


class Category(models.Model):
    slug = models.SlugField(max_length=40, unique=True)
    name_th = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)
    active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.label(get_language() or "th")

    def label(self, language: str = "th") -> str:
        return self.name_en if language == "en" else self.name_th


class Anonymity(models.TextChoices):
    ANONYMOUS = "anonymous", pgettext_lazy("watch anonymity", "Anonymous: no contact, a receipt only")
    CONFIDENTIAL = "confidential", pgettext_lazy("watch anonymity", "Confidential: a contact only moderators can see")
    NAMED = "named", pgettext_lazy("watch anonymity", "Named")


class Channel(models.TextChoices):
    WEB = "web", pgettext_lazy("watch channel", "Web")
    API = "api", pgettext_lazy("watch channel", "API")
    LINE = "line", "LINE"
    TELEGRAM = "telegram", "Telegram"
    SMS = "sms", "SMS"
    STAFF = "staff", pgettext_lazy("watch channel", "Staff entry (phone or walk-in)")


class Status(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("watch status", "Received")
    SCREENING = "screening", pgettext_lazy("watch status", "Screening")
    NEEDS_INFO = "needs_info", pgettext_lazy("watch status", "Needs information")
    VERIFIED = "verified", pgettext_lazy("watch status", "Verified")
    FORWARDED = "forwarded", pgettext_lazy("watch status", "Forwarded")
    IN_PROGRESS = "in_progress", pgettext_lazy("watch status", "In progress")
    RESOLVED = "resolved", pgettext_lazy("watch status", "Resolved")
    CLOSED_UNFOUNDED = "closed_unfounded", pgettext_lazy("watch status", "Closed: unfounded")
    CLOSED_DUPLICATE = "closed_duplicate", pgettext_lazy("watch status", "Closed: duplicate")
    REJECTED_SPAM = "rejected_spam", pgettext_lazy("watch status", "Rejected: spam")


CLOSED_STATUSES = frozenset({Status.RESOLVED, Status.CLOSED_UNFOUNDED, Status.CLOSED_DUPLICATE,
                             Status.REJECTED_SPAM})


# What a forwarded organisation may do with a case: read what was shared, answer, move it on.
# The contact, the original text and the original files need the reporter's consent (SharingConsent).
FORWARDED_PERMISSIONS = frozenset({"report.view", "report.update_status", "report.reply"})


class Report(models.Model):
    public_id = models.CharField(max_length=16, unique=True, default=new_public_id)
    receipt_hash = models.CharField(max_length=64, unique=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="reports")
    description = models.TextField()
    public_text = models.TextField(blank=True)
    province = models.ForeignKey("places.Province", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    district = models.ForeignKey("places.District", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    subdistrict = models.ForeignKey("places.Subdistrict", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The exact point, private to moderators; the public board shows the subdistrict centre.
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    occurred_on = models.DateField(null=True, blank=True)
    related_project = models.CharField(max_length=120, blank=True)
    anonymity = models.CharField(max_length=16, choices=Anonymity.choices)
    # Encrypted with the 'contact' key; visible to moderators of the handling organisation only.
    contact_enc = models.TextField(blank=True)
    reporter_name_enc = models.TextField(blank=True)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    # For staff entry: how the citizen reached the staff member ("phone", "walk_in", ...).
    channel_detail = models.CharField(max_length=32, blank=True)
    # Keyed hash of the LINE/Telegram user id or phone number: "my reports", nothing more.
    channel_user_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # Encrypted address for replies on the reporter's channel; deleted after the case closes.
    reply_address_enc = models.TextField(blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)
    # Organisations that screen the report (from the routing rules) and those it was forwarded to.
    handling_organisations = models.ManyToManyField("orgs.Organisation", blank=True, related_name="handled_reports")
    forwarded_to = models.ManyToManyField("orgs.Organisation", blank=True, related_name="forwarded_reports")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="assigned_reports")
    # Public side: nothing is public until a moderator publishes the redacted text.
    published = models.BooleanField(default=False, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # By default the public map shows the subdistrict centre; a moderator may show the point.
    show_exact_location = models.BooleanField(default=False)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged")
    forwarded_at = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    me_too = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        # The public board's queries: newest first, optionally by province or status.
        indexes = [models.Index(fields=["published", "-published_at", "-id"], name="report_board"),
                   models.Index(fields=["published", "province", "-published_at", "-id"], name="report_board_province"),
                   models.Index(fields=["published", "status", "-published_at", "-id"], name="report_board_status")]

    def __str__(self) -> str:
        return f"report {self.public_id}"

    def governing_organisation_ids(self) -> set[int]:
        return set(self.handling_organisations.values_list("pk", flat=True)) | set(
            self.forwarded_to.values_list("pk", flat=True))

    def organisation_permission_limits(self) -> dict[int, frozenset[str]]:
        """Need to know: an organisation the case was only forwarded to holds no more than
        FORWARDED_PERMISSIONS on it, whatever its staff's roles (see orgs/backends.py)."""
        handling = set(self.handling_organisations.values_list("pk", flat=True))
        return {pk: FORWARDED_PERMISSIONS for pk in self.forwarded_to.values_list("pk", flat=True)
                if pk not in handling}

    def public_point(self) -> tuple[float, float] | None:
        """Where the public map puts it: the subdistrict centre unless a moderator chose the point."""
        if self.show_exact_location and self.lat is not None and self.lon is not None:
            return self.lat, self.lon
        for place in (self.subdistrict, self.district, self.province):
            if place is not None and place.lat is not None and place.lon is not None:
                return place.lat, place.lon
        return None

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


class RoutingRule(models.Model):
    """Category × place → the organisations that screen such reports by default.

    Empty category or place means "any". The most specific matching rules win (district over
    province over anywhere); several rules at the same level add up.
    """

    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.CASCADE)
    province = models.ForeignKey("places.Province", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    district = models.ForeignKey("places.District", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    organisations = models.ManyToManyField("orgs.Organisation", related_name="routing_rules")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.category or '*'} / {self.district or self.province or '*'}"

    @property
    def specificity(self) -> int:
        return (2 if self.district_id else 1 if self.province_id else 0) * 2 + (1 if self.category_id else 0)


class PublicLogEntry(models.Model):
    """The tamper-evident public log: every status change of a published report, hash-chained and
    signed with the deployment's Ed25519 key (see watch/publiclog.py)."""

    seq = models.BigIntegerField(unique=True)
    report_public_id = models.CharField(max_length=16, db_index=True)
    event = models.CharField(max_length=32)
    status = models.CharField(max_length=20)
    at = models.DateTimeField()
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)
    signature = models.CharField(max_length=128)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.report_public_id} {self.status}"


class ReportUpdate(models.Model):
    """One line of a report's timeline: a status change or a note, public or internal."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="updates")
    status_from = models.CharField(max_length=20, blank=True, choices=Status.choices)
    status_to = models.CharField(max_length=20, blank=True, choices=Status.choices)
    text = models.TextField(blank=True)
    public = models.BooleanField(default=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.status_from}->{self.status_to}"


class MessageDirection(models.TextChoices):
    TO_REPORTER = "to_reporter", pgettext_lazy("watch message direction", "To the reporter")
    FROM_REPORTER = "from_reporter", pgettext_lazy("watch message direction", "From the reporter")


class ReportMessage(models.Model):
    """The anonymous two-way conversation between moderators and the reporter."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=16, choices=MessageDirection.choices)
    body = models.TextField()
    channel = models.CharField(max_length=16, choices=Channel.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    # A message from a forwarded (partner) organisation's staff: that organisation, named to the
    # reporter (workflow.message_sender). Empty for the platform's moderators and for the reporter.
    partner = models.ForeignKey("orgs.Organisation", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.direction}"


class Evidence(models.Model):
    """A file in the vault: the original encrypted at rest, never published."""

    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    # Uploaded during a chat dialog before the report exists; attached on confirm, purged if not.
    pending_session = models.CharField(max_length=64, blank=True, db_index=True)
    original = models.FileField(upload_to="vault/%Y/%m/")
    sha256 = models.CharField(max_length=64)
    kind = models.CharField(max_length=8)
    mime = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    public_file = models.FileField(upload_to="public/%Y/%m/", blank=True)
    blur = models.JSONField(default=list, blank=True)
    published = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"evidence {self.sha256[:12]}"


class SharingConsent(models.Model):
    """The reporter's choice, made with their receipt, of what one forwarded organisation may see
    beyond the public text and the published, blurred evidence."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sharing")
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    # The confidential contact and the reporter's name.
    contact = models.BooleanField(default=False)
    # The original text, the original files and the conversation.
    original = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "organisation"], name="unique_sharing_consent")]

    def __str__(self) -> str:
        return f"{self.report_id} -> {self.organisation_id}"


class FixAnswer(models.TextChoices):
    CONFIRMED = "confirmed", pgettext_lazy("watch fix answer", "Fixed: the reporter confirmed it")
    DISPUTED = "disputed", pgettext_lazy("watch fix answer", "Not fixed: the reporter disputed it")


class FixCheck(models.Model):
    """"แก้ไขแล้วจริงไหม?": when a case is marked resolved the reporter is asked whether it really
    was fixed. One per resolution; the answer feeds the public confirmed/disputed-fix rates of the
    organisation that resolved it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="fix_checks")
    # The agency (a forwarded-to organisation) whose staff marked it resolved; empty when a
    # moderator resolved it.
    organisation = models.ForeignKey("orgs.Organisation", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="fix_checks")
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.CharField(max_length=12, choices=FixAnswer.choices, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    channel = models.CharField(max_length=16, choices=Channel.choices, blank=True)
    # The reporter's photo of what is still wrong (or of the fix), kept in the vault.
    evidence = models.ForeignKey(Evidence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["asked_at", "id"]

    def __str__(self) -> str:
        return f"fix check {self.report_id} {self.answer or 'open'}"


class CaseNote(models.Model):
    """An internal note on a case: for moderators and partner staff only, never public, never
    shown to the reporter, in no feed or export."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # The author's organisation on this case; with ``shared`` off only its members read the note.
    organisation = models.ForeignKey("orgs.Organisation", null=True, on_delete=models.SET_NULL, related_name="+")
    shared = models.BooleanField(default=False)  # private to ``organisation`` unless shared
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"note {self.report_id}"
