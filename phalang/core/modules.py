"""The modules the home page leads to. Each app that serves citizens registers itself here."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Module:
    key: str
    title: str | Promise
    summary: str | Promise
    url_name: str
    icon: str = ""


_modules: list[Module] = []


def register(module: Module) -> None:
    if all(m.key != module.key for m in _modules):
        _modules.append(module)


def available() -> list[Module]:
    return list(_modules)
