"""Keyed hashes and encryption at rest, with keys kept outside the database (lib/keys.py).

* ``keyed_hash``: HMAC-SHA256 under a per-purpose key. Used for receipts and channel user ids:
  a database dump alone cannot be matched against a guessed receipt or a known LINE id.
* ``encrypt``/``decrypt``: Fernet (AES-128-CBC + HMAC-SHA256, from ``cryptography``) for
  contacts, reply addresses and evidence files.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken

from phalang.lib.keys import get_key

__all__ = ["InvalidToken", "decrypt", "decrypt_bytes", "encrypt", "encrypt_bytes", "keyed_hash"]


def keyed_hash(purpose: str, value: str) -> str:
    return hmac.new(get_key(purpose), value.encode(), hashlib.sha256).hexdigest()


@cache
def _fernet(purpose: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(get_key(purpose)))


def encrypt_bytes(data: bytes, purpose: str = "vault") -> bytes:
    return _fernet(purpose).encrypt(data)


def decrypt_bytes(token: bytes, purpose: str = "vault") -> bytes:
    return _fernet(purpose).decrypt(token)


def encrypt(value: str, purpose: str = "contact") -> str:
    if not value:
        return ""
    return _fernet(purpose).encrypt(value.encode()).decode()


def decrypt(token: str, purpose: str = "contact") -> str:
    if not token:
        return ""
    return _fernet(purpose).decrypt(token.encode()).decode()
