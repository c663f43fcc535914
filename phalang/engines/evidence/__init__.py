"""The evidence vault's file handling; see docs/engines/evidence.md.

Checks uploaded photos, PDFs, video and audio by content (type, size, decompression bombs, damage) and makes
public copies with every piece of metadata gone and chosen areas obscured. Pure Python over
Pillow and pypdfium2, with no Django import.
"""

from typing import TYPE_CHECKING

from phalang.engines import lazy
from phalang.engines.evidence.base import (
    ACCEPTED_NAMES,
    AUDIO_KINDS,
    EXTENSION,
    LIMITS,
    MEDIA_KINDS,
    MIME,
    VIDEO_KINDS,
    Detected,
    ErrorCode,
    EvidenceError,
    Kind,
    Limits,
    Rect,
)

if TYPE_CHECKING:
    from phalang.engines.evidence.detect import detect, sha256
    from phalang.engines.evidence.images import PUBLIC_MIME, obscure, public_image
    from phalang.engines.evidence.pdf import public_pdf

# Pillow and pypdfium2 load on first use (engines/lazy.py).
__getattr__, __dir__ = lazy.exports(__name__, {
    "detect": "detect", "sha256": "detect",
    "PUBLIC_MIME": "images", "obscure": "images", "public_image": "images",
    "public_pdf": "pdf",
}, globals())

__all__ = [
    "ACCEPTED_NAMES",
    "AUDIO_KINDS",
    "EXTENSION",
    "LIMITS",
    "MEDIA_KINDS",
    "MIME",
    "PUBLIC_MIME",
    "VIDEO_KINDS",
    "Detected",
    "ErrorCode",
    "EvidenceError",
    "Kind",
    "Limits",
    "Rect",
    "detect",
    "obscure",
    "public_image",
    "public_pdf",
    "sha256",
]
