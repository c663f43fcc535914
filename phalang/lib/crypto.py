"""Keyed hashes and encryption at rest, with keys kept outside the database (lib/keys.py).

* ``keyed_hash``: HMAC-SHA256 under a per-purpose key. Used for receipts and channel user ids:
  a database dump alone cannot be matched against a guessed receipt or a known LINE id.
* ``encrypt``/``decrypt``: Fernet (AES-128-CBC + HMAC-SHA256, from ``cryptography``) for
  contacts, reply addresses and evidence files.
* ``seal``/``unseal``: AES-256-GCM for the message bodies that pass through the inbox and the
  outbox. They sit on the webhook's hot path, where Fernet cost about 50 µs an event against
  8 µs for GCM on the bench machine (docs/benchmarks.md, "Encryption at intake").
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from phalang.lib.keys import get_key

__all__ = ["InvalidToken", "decrypt", "decrypt_bytes", "encrypt", "encrypt_bytes", "keyed_hash", "seal", "unseal"]


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


SEALED = "s1:"  # marks a sealed text, so stored rows written before sealing still read


@cache
def _gcm(purpose: str) -> AESGCM:
    # A subkey of its own: the same key is never used by two ciphers.
    return AESGCM(hmac.new(get_key(purpose), b"phalang seal v1", hashlib.sha256).digest())


def seal(value: str, purpose: str = "channel") -> str:
    """AES-256-GCM with a random nonce, as text: ``s1:`` + urlsafe base64 of nonce ‖ ciphertext."""
    nonce = os.urandom(12)
    return SEALED + base64.urlsafe_b64encode(nonce + _gcm(purpose).encrypt(nonce, value.encode(), None)).decode()


def unseal(token: str, purpose: str = "channel") -> str:
    """The text ``seal`` sealed; text that was never sealed is returned as it is."""
    if not token.startswith(SEALED):
        return token
    raw = base64.urlsafe_b64decode(token[len(SEALED):])
    return _gcm(purpose).decrypt(raw[:12], raw[12:], None).decode()
