"""Mutual aid: help requests, volunteers, suggestions and claims, hubs and their stock.

Personal data (name, phone, address, chat reply address) is encrypted at rest and purged
after a closed request's retention period; everything else (need, tier, area, timings) stays
for the aggregates.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, pgettext_lazy


def new_public_id() -> str:
    return secrets.token_urlsafe(9)


class Need(models.TextChoices):
    """Every need any crisis kit (``phalang.aid.kits``) offers; a kit picks its own few."""

    FOOD = "food", pgettext_lazy("aid need", "Food or food packs")
    WATER = "water", pgettext_lazy("aid need", "Drinking water")
    MEDICINE = "medicine", pgettext_lazy("aid need", "Medicine")
    MEDICAL_TRANSPORT = "medical_transport", pgettext_lazy("aid need", "Transport to hospital")
    BEDRIDDEN = "bedridden", pgettext_lazy("aid need", "Moving a bedridden patient")
    EVACUATION = "evacuation", pgettext_lazy("aid need", "Evacuation")
    BOAT = "boat", pgettext_lazy("aid need", "Boat")
    SHELTER = "shelter", pgettext_lazy("aid need", "Shelter")
    BED = "bed", pgettext_lazy("aid need", "Hospital bed")
    ISOLATION = "isolation", pgettext_lazy("aid need", "Isolation")
    OXYGEN = "oxygen", pgettext_lazy("aid need", "Oxygen")
    MASKS = "masks", pgettext_lazy("aid need", "Masks")
    COOLING = "cooling", pgettext_lazy("aid need", "A cool place or a fan")
    SUPPLIES = "supplies", pgettext_lazy("aid need", "Supplies")
    CASH = "cash", pgettext_lazy("aid need", "Cash")
    OTHER = "other", pgettext_lazy("aid need", "Other")


class Channel(models.TextChoices):
    WEB = "web", pgettext_lazy("aid channel", "Web")
    API = "api", pgettext_lazy("aid channel", "API")
    LINE = "line", "LINE"
    TELEGRAM = "telegram", "Telegram"
    SMS = "sms", "SMS"
    STAFF = "staff", pgettext_lazy("aid channel", "Staff or proxy entry")
    CSV = "csv", pgettext_lazy("aid channel", "Spreadsheet import")


class State(models.TextChoices):
    NEW = "new", pgettext_lazy("aid state", "New")
    TRIAGED = "triaged", pgettext_lazy("aid state", "Triaged, waiting for a volunteer")
    MATCHED = "matched", pgettext_lazy("aid state", "Volunteer proposed")
    ACCEPTED = "accepted", pgettext_lazy("aid state", "Volunteer accepted")
    EN_ROUTE = "en_route", pgettext_lazy("aid state", "Volunteer on the way")
    FULFILLED = "fulfilled", pgettext_lazy("aid state", "Fulfilled")
    FAILED = "failed", pgettext_lazy("aid state", "Could not be fulfilled")
    CANCELLED = "cancelled", pgettext_lazy("aid state", "Cancelled")


CLOSED_STATES = frozenset({State.FULFILLED, State.FAILED, State.CANCELLED})
# A volunteer holds these tasks: they count against the volunteer's capacity for the day.
HELD_STATES = frozenset({State.MATCHED, State.ACCEPTED, State.EN_ROUTE})


class Urgency(models.IntegerChoices):
    """The tiers of aid/triage.py, as the queue and the receipt name them."""

    LIFE = 4, pgettext_lazy("aid urgency", "4 · life at risk")
    TODAY = 3, pgettext_lazy("aid urgency", "3 · today")
    DAYS = 2, pgettext_lazy("aid urgency", "2 · within two days")
    WHEN_FREE = 1, pgettext_lazy("aid urgency", "1 · when someone is free")


class Skill(models.TextChoices):
    DRIVER = "driver", pgettext_lazy("aid skill", "Driver")
    MEDIC = "medic", pgettext_lazy("aid skill", "Medic or nurse")
    COOK = "cook", pgettext_lazy("aid skill", "Cook")
    TRANSLATOR = "translator", pgettext_lazy("aid skill", "Translator")


class VehicleKind(models.TextChoices):
    # The order matters: the engine ranks none < motorcycle < car < pickup < van.
    NONE = "none", pgettext_lazy("aid vehicle kind", "No vehicle")
    MOTORCYCLE = "motorcycle", pgettext_lazy("aid vehicle kind", "Motorcycle")
    CAR = "car", pgettext_lazy("aid vehicle kind", "Car")
    PICKUP = "pickup", pgettext_lazy("aid vehicle kind", "Pickup truck")
    VAN = "van", pgettext_lazy("aid vehicle kind", "Van")
    TRUCK = "truck", pgettext_lazy("aid vehicle kind", "High-clearance truck")
    BOAT = "boat", pgettext_lazy("aid vehicle kind", "Boat")


class HelpRequest(models.Model):
    """A help request (คำขอความช่วยเหลือ)."""

    public_id = models.CharField(max_length=16, unique=True, default=new_public_id)
    receipt_hash = models.CharField(max_length=64, unique=True)
    organisation = models.ForeignKey("orgs.Organisation", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="help_requests")
    need = models.CharField(max_length=24, choices=Need.choices)
    details = models.TextField(blank=True)  # personal: purged
    urgency = models.PositiveSmallIntegerField(default=1)  # 1-4, 4 most urgent
    urgency_computed = models.PositiveSmallIntegerField(default=1)
    urgency_reason = models.CharField(max_length=300, blank=True)  # a coordinator's override reason
    triage = models.JSONField(default=dict, blank=True)  # the answers to the triage questions
    people = models.PositiveSmallIntegerField(default=1)
    elderly = models.BooleanField(default=False)
    children = models.BooleanField(default=False)
    disability = models.BooleanField(default=False)
    skills_required = models.JSONField(default=list, blank=True)
    vehicle_required = models.CharField(max_length=12, choices=VehicleKind.choices, default=VehicleKind.NONE)
    province = models.ForeignKey("places.Province", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    district = models.ForeignKey("places.District", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    subdistrict = models.ForeignKey("places.Subdistrict", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    # The exact pin: coordinators and the assigned volunteer only; purged with the contact.
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    name_enc = models.TextField(blank=True)
    phone_enc = models.TextField(blank=True)
    address_enc = models.TextField(blank=True)
    # Keyed hashes, for the duplicate flag only; a dump cannot be matched to a guessed number.
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True)
    address_hash = models.CharField(max_length=64, blank=True, db_index=True)
    consent_share = models.BooleanField(default=False)
    channel = models.CharField(max_length=12, choices=Channel.choices)
    channel_user_hash = models.CharField(max_length=64, blank=True, db_index=True)
    reply_address_enc = models.TextField(blank=True)
    proxy_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    proxy_detail = models.CharField(max_length=120, blank=True)  # "shop", "community leader", "hotline"
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(max_length=12, choices=State.choices, default=State.NEW, db_index=True)
    volunteer = models.ForeignKey("VolunteerProfile", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="tasks")
    created_at = models.DateTimeField(db_index=True)
    # created_at moved back AGING_HOURS per tier: sorting by it ascending is sorting by
    # triage.priority descending, in SQL and with an index (kept by the actions that set urgency).
    priority_at = models.DateTimeField(null=True, db_index=True)
    kit = models.CharField(max_length=20, blank=True)  # the crisis kit whose questions were asked
    # Keyed hashes of each word of the name, space-separated: search by a name without storing it.
    name_tokens = models.TextField(blank=True)
    last_checkin_at = models.DateTimeField(null=True, blank=True)  # "still need help?" last asked
    on_call_list = models.BooleanField(default=False, db_index=True)  # a coordinator should phone
    first_response_at = models.DateTimeField(null=True, blank=True)
    matched_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)
    outcome_note = models.CharField(max_length=300, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"help request {self.public_id}"

    def governing_organisation_ids(self) -> set[int]:
        return {self.organisation_id} if self.organisation_id else set()

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED_STATES

    @property
    def urgency_label(self) -> str:
        return str(Urgency(self.urgency).label) if self.urgency in Urgency.values else str(self.urgency)

    @property
    def area(self) -> str:
        """What lists show: the subdistrict, never the address."""
        parts = [p.name_th for p in (self.subdistrict, self.district, self.province) if p is not None]
        return " ".join(parts) or "-"


class KitChoice(models.Model):
    """The crisis kit a volunteer group works with now, with its own needs, vehicles, words and questions."""

    organisation = models.OneToOneField("orgs.Organisation", on_delete=models.CASCADE, related_name="aid_kit")
    kit = models.CharField(max_length=20)
    extra_words = models.JSONField(default=dict, blank=True)  # a word people write -> a need
    # A coordinator's own selection; empty: the kit's own (so a fix to a kit reaches every group).
    needs = models.JSONField(default=list, blank=True)
    vehicles = models.JSONField(default=list, blank=True)
    questions = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.kit}"

    def governing_organisation_ids(self) -> set[int]:
        return {self.organisation_id}


class VolunteerProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer")
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="volunteers")
    skills = models.JSONField(default=list, blank=True)
    vehicle = models.CharField(max_length=12, choices=VehicleKind.choices, default=VehicleKind.NONE)
    vehicle_capacity = models.PositiveSmallIntegerField(default=0)  # units a delivery run may load
    phone_enc = models.TextField(blank=True)
    home_subdistrict = models.ForeignKey("places.Subdistrict", null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="+")
    home_lat = models.FloatField()
    home_lon = models.FloatField()
    radius_km = models.FloatField(default=10)
    # Weekdays (0 = Monday) and a daily window in local time.
    available_days = models.CharField(max_length=7, default="0123456")
    available_from = models.TimeField(default="08:00")
    available_until = models.TimeField(default="20:00")
    max_tasks_per_day = models.PositiveSmallIntegerField(default=2)
    active = models.BooleanField(default=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    # Trusted volunteers may claim nearby tasks themselves, within a per-day limit.
    trusted = models.BooleanField(default=False)
    max_claims_per_day = models.PositiveSmallIntegerField(default=2)
    # To tell the volunteer about tasks on LINE/Telegram once they link their chat account.
    chat_channel = models.CharField(max_length=12, blank=True)
    chat_user_hash = models.CharField(max_length=64, blank=True, db_index=True)
    chat_address_enc = models.TextField(blank=True)
    chat_link_code = models.CharField(max_length=12, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"volunteer {self.pk}"

    def governing_organisation_ids(self) -> set[int]:
        return {self.organisation_id}

    @property
    def verified(self) -> bool:
        return self.verified_at is not None

    @property
    def name(self) -> str:
        return self.user.display_name or self.user.get_username()


class Suggestion(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("aid suggestion status", "Waiting for a coordinator")
        CONFIRMED = "confirmed", pgettext_lazy("aid suggestion status", "Confirmed")
        REJECTED = "rejected", pgettext_lazy("aid suggestion status", "Rejected")
        EXPIRED = "expired", pgettext_lazy("aid suggestion status", "Expired")

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="suggestions")
    volunteer = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="suggestions")
    distance_km = models.FloatField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["expires_at", "id"]

    def __str__(self) -> str:
        return f"suggestion {self.request_id}->{self.volunteer_id}"


class Claim(models.Model):
    """A trusted volunteer's own pick: a lock on the task until they accept or it expires."""

    class Status(models.TextChoices):
        HELD = "held", pgettext_lazy("aid claim status", "Held")
        ACCEPTED = "accepted", pgettext_lazy("aid claim status", "Accepted")
        RELEASED = "released", pgettext_lazy("aid claim status", "Released")
        EXPIRED = "expired", pgettext_lazy("aid claim status", "Expired")

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="claims")
    volunteer = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="claims")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.HELD, db_index=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"claim {self.request_id}->{self.volunteer_id}"


class Exclusion(models.Model):
    """A pair never to match again: the volunteer refused, or a conflict of interest."""

    class Kind(models.TextChoices):
        REFUSED = "refused", pgettext_lazy("aid exclusion kind", "Refused by the volunteer")
        CONFLICT = "conflict", pgettext_lazy("aid exclusion kind", "Conflict of interest")

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="exclusions")
    volunteer = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="exclusions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "volunteer"], name="aid_exclusion_pair")]

    def __str__(self) -> str:
        return f"{self.kind} {self.request_id}/{self.volunteer_id}"


class Hub(models.Model):
    """A site: a kitchen, a warehouse, a community isolation centre."""

    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="hubs")
    name = models.CharField(max_length=150)
    subdistrict = models.ForeignKey("places.Subdistrict", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    lat = models.FloatField()
    lon = models.FloatField()
    beds_total = models.PositiveIntegerField(default=0)
    beds_used = models.PositiveIntegerField(default=0)
    isolation_total = models.PositiveIntegerField(default=0)
    isolation_used = models.PositiveIntegerField(default=0)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def governing_organisation_ids(self) -> set[int]:
        return {self.organisation_id}


class Item(models.Model):
    slug = models.SlugField(max_length=40, unique=True)
    name_th = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100, blank=True)
    unit = models.CharField(max_length=30, default="ชิ้น")

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name_th


class Stock(models.Model):
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="stock")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(default=0)  # on the shelf
    committed = models.PositiveIntegerField(default=0)  # promised, not yet dispatched
    minimum = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["hub", "item"], name="aid_stock_hub_item")]
        ordering = ["item__slug"]

    def __str__(self) -> str:
        return f"{self.hub_id}/{self.item_id}"

    @property
    def available(self) -> int:
        return self.quantity - self.committed

    @property
    def low(self) -> bool:
        return self.available < self.minimum


class StockMovement(models.Model):
    """Goods leaving a hub: committed, then dispatched, then received (at a hub or a request)."""

    class Status(models.TextChoices):
        COMMITTED = "committed", pgettext_lazy("aid stock movement status", "Committed")
        DISPATCHED = "dispatched", pgettext_lazy("aid stock movement status", "Dispatched")
        RECEIVED = "received", pgettext_lazy("aid stock movement status", "Received")
        CANCELLED = "cancelled", pgettext_lazy("aid stock movement status", "Cancelled")

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="movements")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()
    to_hub = models.ForeignKey(Hub, null=True, blank=True, on_delete=models.SET_NULL, related_name="incoming")
    request = models.ForeignKey(HelpRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="supplies")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.COMMITTED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"movement {self.pk}"


class DeliveryRun(models.Model):
    """A routed food or supply run from a hub: the engine's plan, kept as it was computed."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="runs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    plan = models.JSONField(default=dict)
    requests = models.ManyToManyField(HelpRequest, blank=True, related_name="runs")

    def __str__(self) -> str:
        return f"run {self.pk}"


class ImportedFile(models.Model):
    """A run of the import: the sheet by its content's SHA-256 (so the same sheet is not imported
    twice by mistake) and the run's result (how many imported, the refused rows and the warnings
    with their line numbers), so the result page can be reloaded until the sheet is fixed.

    The result quotes the sheet's cells (a wrong phone, a place no one knows): personal, kept for
    the PDPA retention period only (actions.purge_import_results)."""

    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="aid_imports")
    sha256 = models.CharField(max_length=64)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    imported_at = models.DateTimeField()
    rows = models.PositiveIntegerField(default=0)  # imported (0: every row refused or blank)
    result = models.JSONField(default=dict, blank=True)  # personal: purged

    class Meta:
        indexes = [models.Index(fields=["organisation", "sha256"])]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.sha256[:12]}"

    def governing_organisation_ids(self) -> set[int]:
        return {self.organisation_id}
