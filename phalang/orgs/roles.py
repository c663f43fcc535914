"""Roles and what each may do inside its own organisation.

Permissions are strings ``<area>.<verb>``. A user holds a permission on an object when a
membership in one of the object's governing organisations grants it (see backends.py).
Modules add their permissions here, so the whole access model reads in one page.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MODERATOR = "moderator", _("Moderator")
    COORDINATOR = "coordinator", _("Coordinator")
    PARTNER_STAFF = "partner_staff", _("Partner staff")
    VOLUNTEER = "volunteer", _("Volunteer")


# Roles that see personal data or act for the organisation: they must use two-factor login.
STAFF_ROLES = frozenset({Role.ADMIN, Role.MODERATOR, Role.COORDINATOR, Role.PARTNER_STAFF})

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {  # keyed by Role values
    Role.ADMIN.value: frozenset({
        "org.view", "org.edit", "org.manage_members",
        "report.view", "report.moderate", "report.publish", "report.forward",
        "report.update_status", "report.reply", "report.view_contact",
        "aid.view", "aid.coordinate", "aid.view_contact", "aid.volunteer",
        "coalition.manage", "event.manage", "broadcast.send", "opendata.manage",
    }),
    Role.MODERATOR.value: frozenset({
        "org.view", "report.view", "report.moderate", "report.publish", "report.forward",
        "report.update_status", "report.reply", "report.view_contact",
    }),
    Role.COORDINATOR.value: frozenset({
        "org.view", "aid.view", "aid.coordinate", "aid.view_contact", "event.manage",
        "broadcast.send",
    }),
    Role.PARTNER_STAFF.value: frozenset({
        "org.view", "report.view", "report.update_status", "report.reply",
    }),
    Role.VOLUNTEER.value: frozenset({"org.view", "aid.volunteer"}),
}

ALL_PERMISSIONS = frozenset().union(*ROLE_PERMISSIONS.values())
