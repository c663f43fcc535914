from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phalang.orgs.roles import ROLE_CHOICES


class OrganisationKind(models.TextChoices):
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    MEDIA = "media", _("Media")
    ACADEMIA = "academia", _("Academia")
    AGENCY = "agency", _("Government agency")
    VOLUNTEER_GROUP = "volunteer_group", _("Volunteer group")
    POLITICAL_PARTY = "political_party", _("Political party")
    PRIVATE_SECTOR = "private_sector", _("Private sector")


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
    is_demo = models.BooleanField(default=False, help_text="Seeded by 'make demo'; shown with a DEMO label.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name_th"]

    def __str__(self) -> str:
        return self.name_th

    def display_name(self, language: str = "th") -> str:
        return self.name_en if language == "en" and self.name_en else self.name_th

    def governing_organisation_ids(self) -> set[int]:
        return {self.pk}


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
