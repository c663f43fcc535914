"""Secrets and keys, kept outside the database.

A key named ``audit`` is read from ``$PHALANG_AUDIT_KEY`` (hex or urlsafe base64) or from the
file ``$PHALANG_DATA_DIR/keys/audit.key``. On a single machine (the demo, a small deployment)
missing key files are generated on first use; a multi-machine deployment sets
``PHALANG_GENERATE_KEYS=0`` and provides every key, so two machines never invent different
keys (docs/deploy.md).
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from functools import cache
from pathlib import Path

from phalang.lib.env import data_dir, env_bool


class MissingKeyError(RuntimeError):
    pass


def _decode(raw: str) -> bytes:
    raw = raw.strip()
    try:
        return bytes.fromhex(raw)
    except ValueError:
        pass
    try:
        return base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    except (binascii.Error, ValueError) as exc:
        raise MissingKeyError(f"key is neither hex nor base64: {exc}") from exc


def key_path(name: str) -> Path:
    return data_dir() / "keys" / f"{name}.key"


@cache
def get_key(name: str, nbytes: int = 32) -> bytes:
    """Return the key ``name``: environment first, then the data dir, else generate it."""
    from_env = os.environ.get(f"PHALANG_{name.upper()}_KEY")
    if from_env:
        return _decode(from_env)
    path = key_path(name)
    if path.exists():
        return _decode(path.read_text())
    if not env_bool("PHALANG_GENERATE_KEYS", True):
        raise MissingKeyError(
            f"key '{name}' is missing: set PHALANG_{name.upper()}_KEY or create {path}"
        )
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    value = secrets.token_bytes(nbytes)
    try:
        # O_EXCL: when two processes start at once, exactly one writes and both read its key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _decode(path.read_text())
    with os.fdopen(fd, "w") as fh:
        fh.write(value.hex())
    return value


def get_secret_text(name: str) -> str:
    """A secret as text (for Django's SECRET_KEY and similar)."""
    return get_key(name, 50).hex()
