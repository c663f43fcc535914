"""Typed access to Phalang's own settings (``settings.PHALANG``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def phalang(name: str) -> Any:
    return settings.PHALANG[name]
