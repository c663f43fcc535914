from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A staff or volunteer account. Citizens who report or ask for help need none."""

    display_name = models.CharField(max_length=150, blank=True)
    language = models.CharField(max_length=8, default="th", choices=[("th", "ไทย"), ("en", "English")])

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def needs_two_factor(self) -> bool:
        """Superusers and anyone holding a staff role must use TOTP."""
        from phalang.orgs.roles import STAFF_ROLES

        if self.is_superuser or self.is_staff:
            return True
        return self.memberships.filter(active=True, role__in=STAFF_ROLES).exists()
