"""What an uploaded file really is, judged by its bytes, and whether the vault accepts it."""

from __future__ import annotations

import hashlib

from phalang.engines.evidence.base import LIMITS, MEDIA_KINDS, Detected, Limits, refuse, sniff
from phalang.engines.evidence.images import inspect_image
from phalang.engines.evidence.media import inspect_media
from phalang.engines.evidence.pdf import inspect_pdf


def detect(data: bytes, declared_name: str | None = None, *, limits: Limits = LIMITS) -> Detected:
    """The file's kind by its content, never its name, after checking it against `limits`.

    Images have their header dimensions and frame count checked before any decoding, then their
    first frame is decoded to prove the file is whole. PDFs have their page count and page sizes
    checked. Video and audio have their container's structure walked (engines/evidence/media.py). Raises EvidenceError (wrong_type, too_large, bomb, corrupt, too_many_pages,
    encrypted). `declared_name` only sets `Detected.renamed`.
    """
    if len(data) > limits.max_bytes:
        raise refuse("too_large", limits, f"{len(data)} bytes")
    kind = sniff(data)
    if kind is None:
        raise refuse("wrong_type", limits, f"starts with {data[:8]!r}")
    if kind == "pdf":
        return inspect_pdf(data, declared_name, limits)
    if kind in MEDIA_KINDS:
        return inspect_media(data, kind, declared_name, limits)
    return inspect_image(data, kind, declared_name, limits)


def sha256(data: bytes) -> str:
    """Hex SHA-256 of the original bytes: the fingerprint a receipt can quote."""
    return hashlib.sha256(data).hexdigest()
