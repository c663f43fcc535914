"""Secrets and keys, kept outside the database, and in production outside the data folder.

Every key Phalang uses is named in ``KEYS`` (with what it protects). A key named ``audit`` is the
file ``audit.key`` (hex or urlsafe base64) in the keys directory, ``$PHALANG_KEYS_DIR``.

* Production (``PHALANG_GENERATE_KEYS=0``): the keys directory lies outside the data folder
  (for example ``/etc/phalang/keys``, or systemd's ``$CREDENTIALS_DIRECTORY``), is filled once
  with ``phalang keys generate`` and copied to every machine. Nothing is ever generated, and
  ``phalang check --deploy`` fails when a key is missing, or when a key lies in the data folder
  (docs/deploy.md, "Keys").
* The demo and a quick single-machine trial: without ``PHALANG_KEYS_DIR`` the keys directory is
  ``$PHALANG_DATA_DIR/keys``, and missing keys are generated there on first use. Whoever copies
  that data folder then holds the keys too; the demo says so.

``PHALANG_<NAME>_KEY`` environment variables override a file (tests use them); the deploy check
warns when a production key comes from the environment.
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


# name -> what it protects. docs/deploy.md and docs/threat-model.md describe each one; a test
# checks that every key the code asks for is named here and in docs/deploy.md.
KEYS: dict[str, str] = {
    "secret": "Django's SECRET_KEY: signs sessions, CSRF tokens and password-reset links",
    "audit": "HMAC key of the audit-log chain",
    "signing": "Ed25519 private key of the signed public log and of proofs of receipt",
    "receipt": "keyed hash of receipts",
    "channel": "keyed hash of LINE/Telegram/SMS sender ids; encrypts reply addresses; seals inbox and outbox bodies",
    "contact": "encrypts contacts and names of confidential and named reporters and of help requests; "
               "keyed hash of their phone numbers and addresses",
    "vault": "encrypts evidence originals",
    "ratelimit": "keyed hash of client addresses in rate-limit counters (cache only)",
    "coalition-ticket": "keyed hash of event tickets",
    "coalition-subscriber": "keyed hash of announcement subscribers' addresses",
    "coalition-confirm": "keyed hash of the confirmation links of e-mail and SMS sign-ups (double opt-in)",
    "coalition-ask-answer": "keyed hash of the private links where a party or an agency answers an ask",
}
SIZES = {"secret": 50}  # bytes; the others are 32


def size(name: str) -> int:
    return SIZES.get(name, 32)


def env_name(name: str) -> str:
    return f"PHALANG_{name.upper().replace('-', '_')}_KEY"


def generating() -> bool:
    return env_bool("PHALANG_GENERATE_KEYS", True)


def keys_dir() -> Path:
    """``$PHALANG_KEYS_DIR``, or ``keys`` inside the data folder (demo only)."""
    configured = os.environ.get("PHALANG_KEYS_DIR", "").strip()
    return Path(configured).resolve() if configured else data_dir() / "keys"


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
    return keys_dir() / f"{name}.key"


def source(name: str) -> str:
    """Where key ``name`` comes from: "environment", its file's path, or "" when it is missing."""
    if os.environ.get(env_name(name)):
        return "environment"
    path = key_path(name)
    return str(path) if path.exists() else ""


def write_key(path: Path, nbytes: int) -> bool:
    """Create a new random key file (mode 0600); False if it already exists."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        # O_EXCL: when two processes start at once, exactly one writes and both read its key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_bytes(nbytes).hex())
    return True


@cache
def get_key(name: str, nbytes: int = 32) -> bytes:
    """Return the key ``name``: environment first, then the keys directory, else generate it."""
    if name not in KEYS:
        raise MissingKeyError(f"unknown key {name!r}: name it in phalang.lib.keys.KEYS and docs/deploy.md")
    from_env = os.environ.get(env_name(name))
    if from_env:
        return _decode(from_env)
    path = key_path(name)
    if path.exists():
        return _decode(path.read_text())
    if not generating():
        raise MissingKeyError(f"key '{name}' is missing: create {path} (phalang keys generate), "
                              f"or set {env_name(name)}")
    write_key(path, nbytes)
    return _decode(path.read_text())


def get_secret_text(name: str) -> str:
    """A secret as text (for Django's SECRET_KEY and similar)."""
    return get_key(name, size(name)).hex()


def inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


# Files up to this size are read for a key's value: notes, .env copies, config backups. The
# database, uploads and archives are larger or packed, and are not searched (docs/deploy.md).
SCAN_MAX_BYTES = 64 * 1024


def _key_values() -> list[bytes]:
    """Each key as it may be written down: the text of its file, its hex, and its raw bytes."""
    values: set[bytes] = set()
    for name in KEYS:
        texts = [os.environ.get(env_name(name), "")]
        path = key_path(name)
        if path.is_file():
            texts.append(path.read_text(errors="replace"))
        for text in filter(None, (t.strip() for t in texts)):
            values.add(text.encode())
            try:
                raw = _decode(text)
            except MissingKeyError:
                continue
            values.update({raw.hex().encode(), raw.hex().upper().encode(), raw})
    return [v for v in values if len(v) >= 16]  # shorter would match by chance


def keys_in_data_folder() -> list[Path]:
    """Key copies lying anywhere in the data folder (what a copy of it would hand over): any file
    whose name contains ".key" (old-channel.key, channel.key.bak), and any small file holding a
    key's value. Archives and the database are not searched."""
    folder = data_dir()
    values = _key_values()
    found = []
    for root, _dirs, files in os.walk(folder):
        for f in files:
            path = Path(root) / f
            if ".key" in f.lower():
                found.append(path)
                continue
            try:
                if path.is_file() and not path.is_symlink() and path.stat().st_size <= SCAN_MAX_BYTES:
                    data = path.read_bytes()
                    if any(v in data for v in values):
                        found.append(path)
            except OSError:
                continue
    return sorted(found)
