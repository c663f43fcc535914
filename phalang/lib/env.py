"""Reading configuration from the environment, with sane defaults for the embedded setup."""

from __future__ import annotations

import os
from pathlib import Path


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name) or ""
    return int(raw) if raw else default


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    """``PHALANG_DATA_DIR`` (default ``./var``): the SQLite database, uploads and keys."""
    path = Path(os.environ.get("PHALANG_DATA_DIR", "var")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path
