"""Every change to an account goes through here, and into the audit log."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from phalang.accounts.models import User
from phalang.audit.log import record


@transaction.atomic
def create_user(username: str, password: str | None, *, by: Any = None, email: str = "",
                display_name: str = "", is_superuser: bool = False) -> User:
    user = User(username=username, email=email, display_name=display_name,
                is_superuser=is_superuser, is_staff=is_superuser)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    record("account.create", actor=by, target=user,
           data={"username": username, "superuser": is_superuser})
    return user


@transaction.atomic
def set_password(user: User, password: str, *, by: Any = None) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])
    record("account.set_password", actor=by, target=user)


@transaction.atomic
def start_totp_enrolment(user: User) -> TOTPDevice:
    """An unconfirmed device: it counts only after the first valid code."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="phalang", confirmed=False,
                                     key=secrets.token_hex(20))


@transaction.atomic
def confirm_totp_device(device: TOTPDevice, *, by: Any) -> None:
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record("account.totp_enabled", actor=by, target=device.user)


@transaction.atomic
def reset_two_factor(user: User, *, by: Any) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    record("account.totp_reset", actor=by, target=user)
