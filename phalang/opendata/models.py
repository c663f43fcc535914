"""Open data: contracting processes (OCDS), the organisations in them, red flags, budget projects.

Each table keeps what the source published (the compiled release, the budget line) beside the
few columns that pages, filters and search need. The search document is the Thai text engine's
``index_document`` output (space-separated terms), indexed by migration 0002: FTS5 on SQLite
(for processes with filter tokens and a newest-first sort key), a GIN index over the term array
on PostgreSQL (see ``search.py``).
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import pgettext_lazy


class Release(models.Model):
    """One OCDS release (or a compiled release as published), kept so re-imports are idempotent
    and processes can be recompiled when a new release arrives."""

    ocid = models.CharField(max_length=200, db_index=True)
    release_id = models.CharField(max_length=300, blank=True)
    # sha256 of the canonical JSON: the same release imported twice is stored once.
    digest = models.CharField(max_length=64)
    date = models.CharField(max_length=40, blank=True)
    # A compiled release as published (a record's compiledRelease, compiled JSON Lines).
    compiled = models.BooleanField(default=False)
    data = models.JSONField()
    source = models.CharField(max_length=300, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ocid", "digest"], name="opendata_release_unique")]

    def __str__(self) -> str:
        return f"{self.ocid} {self.release_id}"


class Entity(models.Model):
    """A buyer, procuring entity, supplier or tenderer, identified by scheme and id.

    Identifiers that agree (scheme + id, e.g. TH-DBD + a 13-digit juristic person id) are the same
    entity across datasets. Parties without an identifier get a publisher-local key
    (scheme ``X-LOCAL``, id ``<ocid prefix>/<party id>``): they match only within one publisher.
    """

    scheme = models.CharField(max_length=60)
    identifier = models.CharField(max_length=200)
    name = models.CharField(max_length=500, blank=True)
    search_doc = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scheme", "identifier"], name="opendata_entity_unique")]
        indexes = [models.Index(fields=["name", "id"], name="opendata_entity_by_name")]
        verbose_name_plural = "entities"

    def __str__(self) -> str:
        return self.name or f"{self.scheme}-{self.identifier}"

    @property
    def is_thai_juristic(self) -> bool:
        return self.scheme == "TH-DBD"


class ContractingProcess(models.Model):
    ocid = models.CharField(max_length=200, unique=True)
    compiled_release = models.JSONField()
    digest = models.CharField(max_length=64)
    title = models.TextField(blank=True)
    description = models.TextField(blank=True)
    buyer = models.ForeignKey(Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="bought")
    procuring_entity = models.ForeignKey(Entity, null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="procured")
    method = models.CharField(max_length=40, blank=True, db_index=True)
    method_details = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=40, blank=True)
    tender_value = models.FloatField(null=True, blank=True)
    award_value = models.FloatField(null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    tenderers = models.PositiveIntegerField(null=True, blank=True)
    date = models.DateTimeField(null=True, blank=True)
    tender_start = models.DateTimeField(null=True, blank=True)
    award_date = models.DateTimeField(null=True, blank=True)
    # Gregorian year of the process (tender start, else the release date); pages show B.E.
    year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    province = models.ForeignKey("places.Province", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    search_doc = models.TextField(blank=True)
    is_demo = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "ocid"]
        indexes = [models.Index(fields=["-date", "-id"], name="opendata_process_newest"),
                   # The value filters compare award value, else tender value (``search.processes``).
                   models.Index(Coalesce("award_value", "tender_value"), name="opendata_process_value")]

    def __str__(self) -> str:
        return self.ocid

    @property
    def value(self) -> float | None:
        return self.award_value if self.award_value is not None else self.tender_value


class Role(models.TextChoices):
    BUYER = "buyer", pgettext_lazy("opendata role", "Buyer")
    PROCURING_ENTITY = "procuringEntity", pgettext_lazy("opendata role", "Procuring entity")
    SUPPLIER = "supplier", pgettext_lazy("opendata role", "Supplier")
    TENDERER = "tenderer", pgettext_lazy("opendata role", "Tenderer")


class ProcessParty(models.Model):
    """An entity's role in a process; for suppliers, the amount they were awarded."""

    process = models.ForeignKey(ContractingProcess, on_delete=models.CASCADE, related_name="roles")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    # The party's id inside the OCDS data: red-flag results for organisations are keyed by it.
    party_id = models.CharField(max_length=300, blank=True)
    amount = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["process", "entity", "role"], name="opendata_role_unique")]
        indexes = [models.Index(fields=["entity", "role"])]

    def __str__(self) -> str:
        return f"{self.entity_id} {self.role} {self.process_id}"


class Flag(models.Model):
    """A red flag the engine raised on a process (group OCID) or an organisation."""

    process = models.ForeignKey(ContractingProcess, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="flags")
    entity = models.ForeignKey(Entity, null=True, blank=True, on_delete=models.CASCADE, related_name="flags")
    # OCID, Buyer, ProcuringEntity or Tenderer, as in the engine's output.
    group = models.CharField(max_length=20)
    code = models.CharField(max_length=10, db_index=True)
    value = models.FloatField()
    # The limit the rule applied to this flag, where it states one (R003: the minimum days).
    threshold = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["code", "process"], name="opendata_flag_code_process")]

    def __str__(self) -> str:
        return f"{self.code}={self.value}"


class BudgetProject(models.Model):
    """One line of the government spending export (ภาษีไปไหน)."""

    # sha256 of the canonical line and its occurrence number: the export repeats some lines
    # exactly (778 in 2559-2561), and each repetition is a project line of its own.
    digest = models.CharField(max_length=64)
    occurrence = models.PositiveIntegerField(default=1)
    bb_code = models.CharField(max_length=40, db_index=True)
    bb_year = models.PositiveSmallIntegerField(db_index=True)  # Buddhist era, as published
    amount = models.BigIntegerField()
    name = models.TextField()
    ministry = models.CharField(max_length=300, blank=True)
    ministry_code = models.CharField(max_length=20, blank=True)
    agency = models.CharField(max_length=300, blank=True)
    agency_code = models.CharField(max_length=20, blank=True, db_index=True)
    plan = models.TextField(blank=True)
    strategy = models.TextField(blank=True)
    budget_type = models.CharField(max_length=200, blank=True)
    province = models.ForeignKey("places.Province", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    district = models.ForeignKey("places.District", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    subdistrict = models.ForeignKey("places.Subdistrict", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    data = models.JSONField()
    search_doc = models.TextField(blank=True)
    is_demo = models.BooleanField(default=False)
    # Baht disbursed (GFMIS ``gf_amount``), beside ``amount`` as budgeted; None when not published.
    disbursed = models.BigIntegerField(null=True, blank=True)
    # A programme run from the centre (``gf_province`` ส่วนกลาง): nationwide, in no province view.
    nationwide = models.BooleanField(default=False)

    class Meta:
        ordering = ["-bb_year", "-amount"]
        indexes = [models.Index(fields=["-bb_year", "-amount", "id"], name="opendata_budget_newest")]
        constraints = [models.UniqueConstraint(fields=["digest", "occurrence"], name="opendata_budget_unique")]

    def __str__(self) -> str:
        return f"{self.bb_year} {self.bb_code}"

    @property
    def year(self) -> int:
        return self.bb_year - 543

    @property
    def disbursed_shown(self) -> int | None:
        """Baht disbursed, or None when the source has no disbursement record: the export writes a
        total of 0 for a line no province's ``gf_amount`` names (lines stored before the import
        read that as "no data"), and 0 there is not a fact."""
        if self.disbursed == 0 and not any(
                isinstance(c, dict) and isinstance(c.get("gf_amount"), int | float) and not isinstance(c.get("gf_amount"), bool)
                for c in (self.data or {}).get("compare") or []):
            return None
        return self.disbursed


class ImportRun(models.Model):
    """One run of an import: what it read, added and skipped, and where the broken parts are."""

    kind = models.CharField(max_length=10)  # ocds | budget
    started_at = models.DateTimeField(auto_now_add=True)
    sources = models.JSONField(default=list)
    added = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    processes = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.kind} import {self.started_at:%Y-%m-%d %H:%M}"


class SearchTerm(models.Model):
    """One term of the search index and the number of documents (processes, budget lines,
    organisations) holding it: the vocabulary "did you mean" corrects towards (``spelling``).
    Counted after each import from the full-text indexes; terms in fewer than
    ``spelling.MIN_DOCUMENTS`` documents are left out (a suggestion points to a common word)."""

    term = models.CharField(max_length=200, unique=True)
    documents = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.term} ({self.documents})"
