"""Files people send in a chat (photos, video, voice, documents): where they are kept.

The chat downloads a file from the platform outside any transaction, has it checked, and stores
it while applying the message; the app that keeps evidence (Watch's vault) registers how. Until a
flow attaches it to something, a stored file waits under the session's key and is deleted with an
expired session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


class AttachmentRefused(Exception):
    """The file is refused (too large, not a kind we keep); ``message_th`` says why, to the person."""

    def __init__(self, message_th: str) -> None:
        super().__init__(message_th)
        self.message_th = message_th


class Store(Protocol):
    def check(self, data: bytes) -> Any:
        """Check a downloaded file; raise AttachmentRefused. Runs outside any transaction."""

    def store(self, checked: Any, session_key: str) -> int:
        """Keep a checked file under the session's key; returns its id."""

    def discard(self, session_key: str) -> int:
        """Delete the files still waiting under a session's key; returns how many."""

    def max_bytes(self) -> int:
        """The largest file kept (the web's limit), to stop a download early."""


@dataclass
class _Registry:
    store: Store | None = None


_registry = _Registry()


def register(store: Store) -> None:
    _registry.store = store


def get() -> Store | None:
    return _registry.store
