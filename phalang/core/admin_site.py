from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as BaseAdminConfig
from django.http import HttpRequest


class SuperuserAdminSite(admin.AdminSite):
    """Django's admin, for superusers only, and only after two-factor."""

    site_header = "Phalang administration"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_superuser and user.is_verified())  # type: ignore[union-attr,attr-defined]


class AdminConfig(BaseAdminConfig):
    default_site = "phalang.core.admin_site.SuperuserAdminSite"
