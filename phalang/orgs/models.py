from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from phalang.orgs.roles import ROLE_CHOICES


class OrganisationKind(models.TextChoices):
    CIVIL_SOCIETY = "civil_society", pgettext_lazy("orgs organisation kind", "Civil society")
    MEDIA = "media", pgettext_lazy("orgs organisation kind", "Media")
    ACADEMIA = "academia", pgettext_lazy("orgs organisation kind", "Academia")
    AGENCY = "agency", pgettext_lazy("orgs organisation kind", "Government agency")
    VOLUNTEER_GROUP = "volunteer_group", pgettext_lazy("orgs organisation kind", "Volunteer group")
    POLITICAL_PARTY = "political_party", pgettext_lazy("orgs organisation kind", "Political party")
    PRIVATE_SECTOR = "private_sector", pgettext_lazy("orgs organisation kind", "Private sector")


class AreaOfWork(models.TextChoices):
    """The directory's fixed vocabulary of what partners work on; free tags add the rest."""

    ANTI_CORRUPTION = "anti_corruption", pgettext_lazy("orgs area of work", "Anti-corruption")
    PROCUREMENT = "procurement", pgettext_lazy("orgs area of work", "Public procurement and budgets")
    PUBLIC_SERVICES = "public_services", pgettext_lazy("orgs area of work", "Public services")
    HUMAN_RIGHTS = "human_rights", pgettext_lazy("orgs area of work", "Human rights")
    ENVIRONMENT = "environment", pgettext_lazy("orgs area of work", "Environment and disasters")
    ELECTIONS = "elections", pgettext_lazy("orgs area of work", "Elections and political parties")
    MEDIA_FREEDOM = "media_freedom", pgettext_lazy("orgs area of work", "Media and open data")
    LEGAL_AID = "legal_aid", pgettext_lazy("orgs area of work", "Legal aid")
    COMMUNITY = "community", pgettext_lazy("orgs area of work", "Community and mutual aid")
    EDUCATION = "education", pgettext_lazy("orgs area of work", "Education and youth")


# A LINE Official Account's basic id (@ and up to 18 characters) or a premium id.
line_oa_validator = RegexValidator(r"^@?[a-z0-9._-]{2,20}$", _("Enter a LINE Official Account id such as @phalang."))
phone_validator = RegexValidator(r"^\+?[0-9 -]{3,20}$", _("Enter a phone number: digits, spaces or dashes."))


class Organisation(models.Model):
    """A partner (ภาคี): an organisation that handles cases, coordinates aid or joins coalitions."""

    slug = models.SlugField(max_length=80, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)
    verified = models.BooleanField(default=False)
    verified_at = models.DateTimeField(null=True, blank=True)
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    province = models.ForeignKey("places.Province", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    # The public directory (issue 8): provinces served, free tags beside the areas of work
    # (OrganisationArea), and public contacts, never a person's own address.
    provinces_served = models.ManyToManyField("places.Province", blank=True, related_name="+")
    tags = models.CharField(_("tags"), max_length=300, blank=True, help_text=_("Comma-separated."))
    public_email = models.EmailField(_("public e-mail"), blank=True)
    public_phone = models.CharField(_("public phone"), max_length=20, blank=True, validators=[phone_validator])
    line_oa = models.CharField(_("LINE Official Account"), max_length=21, blank=True, validators=[line_oa_validator])
    is_demo = models.BooleanField(default=False, help_text="Seeded by 'make demo'; shown with a DEMO label.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name_th"]

    def __str__(self) -> str:
        return self.display_name(get_language() or "th")

    def display_name(self, language: str = "th") -> str:
        return self.name_en if language == "en" and self.name_en else self.name_th

    def governing_organisation_ids(self) -> set[int]:
        return {self.pk}

    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]


class OrganisationArea(models.Model):
    """One area of work of an organisation, from the fixed vocabulary (filterable on every database)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="areas")
    area = models.CharField(max_length=32, choices=AreaOfWork.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "area"], name="unique_organisation_area")]
        indexes = [models.Index(fields=["area"], name="orgs_area_area")]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.area}"


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=32, choices=ROLE_CHOICES)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_membership_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"
