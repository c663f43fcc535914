"""Roles and what each may do inside its own organisation.

Permissions are strings ``<area>.<verb>``. A user holds a permission on an object when a
membership in one of the object's governing organisations grants it (see backends.py).
Modules add their permissions here, so the whole access model reads in one page.
"""

from __future__ import annotations

from django.utils.translation import pgettext_lazy


class Role:
    ADMIN = "admin"
    MODERATOR = "moderator"
    COORDINATOR = "coordinator"
    PARTNER_STAFF = "partner_staff"
    CAMPAIGNER = "campaigner"
    VOLUNTEER = "volunteer"


ROLE_CHOICES = [
    (Role.ADMIN, pgettext_lazy("member role", "Administrator")),
    (Role.MODERATOR, pgettext_lazy("member role", "Moderator")),
    (Role.COORDINATOR, pgettext_lazy("member role", "Coordinator")),
    (Role.PARTNER_STAFF, pgettext_lazy("member role", "Partner staff")),
    (Role.CAMPAIGNER, pgettext_lazy("member role", "Campaigner")),
    (Role.VOLUNTEER, pgettext_lazy("member role", "Volunteer")),
]
ROLE_VALUES = frozenset(value for value, _label in ROLE_CHOICES)


# Roles that see personal data or act for the organisation: they must use two-factor login.
STAFF_ROLES = frozenset({Role.ADMIN, Role.MODERATOR, Role.COORDINATOR, Role.PARTNER_STAFF, Role.CAMPAIGNER})

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {  # keyed by Role values
    Role.ADMIN: frozenset({
        "org.view", "org.edit", "org.manage_members",
        "report.view", "report.moderate", "report.publish", "report.forward",
        "report.update_status", "report.reply", "report.view_contact",
        "aid.view", "aid.coordinate", "aid.view_contact", "aid.volunteer",
        "coalition.manage", "event.manage", "broadcast.send", "opendata.manage",
        "deliberation.facilitate", "commitment.manage",
    }),
    Role.MODERATOR: frozenset({
        "org.view", "report.view", "report.moderate", "report.publish", "report.forward",
        "report.update_status", "report.reply", "report.view_contact",
    }),
    Role.COORDINATOR: frozenset({
        "org.view", "aid.view", "aid.coordinate", "aid.view_contact", "event.manage",
        "broadcast.send", "deliberation.facilitate",
    }),
    Role.PARTNER_STAFF: frozenset({
        "org.view", "report.view", "report.update_status", "report.reply",
    }),
    # Runs the organisation's campaigns, events, broadcasts and tracked commitments (and its
    # coalitions' shared campaigns), without seeing reports or help requests.
    Role.CAMPAIGNER: frozenset({
        "org.view", "coalition.manage", "event.manage", "broadcast.send", "commitment.manage",
        "deliberation.facilitate",
    }),
    Role.VOLUNTEER: frozenset({"org.view", "aid.volunteer"}),
}

ALL_PERMISSIONS = frozenset().union(*ROLE_PERMISSIONS.values())
