"""Shared pieces of the evidence engine: limits, the detection result and the refusal error."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Kind = Literal["jpeg", "png", "webp", "gif", "pdf", "mp4", "mov", "3gp", "m4a", "aac", "mp3", "ogg", "amr"]
# Video and sound: kept as originals only. The vault makes no public copy of them (their metadata,
# such as a phone's GPS track inside an MP4, is not stripped), so they are never published.
VIDEO_KINDS: frozenset[str] = frozenset({"mp4", "mov", "3gp"})
AUDIO_KINDS: frozenset[str] = frozenset({"m4a", "aac", "mp3", "ogg", "amr"})
MEDIA_KINDS: frozenset[str] = VIDEO_KINDS | AUDIO_KINDS
ErrorCode = Literal["wrong_type", "too_large", "bomb", "corrupt", "too_many_pages", "encrypted"]

MIME: dict[Kind, str] = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "gif": "image/gif",
    "pdf": "application/pdf",
    "mp4": "video/mp4",
    "mov": "video/quicktime",
    "3gp": "video/3gpp",
    "m4a": "audio/mp4",
    "aac": "audio/aac",
    "mp3": "audio/mpeg",
    "ogg": "audio/ogg",
    "amr": "audio/amr",
}
EXTENSION: dict[Kind, str] = {
    "jpeg": ".jpg",
    "png": ".png",
    "webp": ".webp",
    "gif": ".gif",
    "pdf": ".pdf",
    "mp4": ".mp4",
    "mov": ".mov",
    "3gp": ".3gp",
    "m4a": ".m4a",
    "aac": ".aac",
    "mp3": ".mp3",
    "ogg": ".ogg",
    "amr": ".amr",
}
# Extensions a sender may reasonably use for each kind; anything else counts as renamed.
_NAME_EXTENSIONS: dict[Kind, tuple[str, ...]] = {
    "jpeg": (".jpg", ".jpeg", ".jpe", ".jfif"),
    "png": (".png",),
    "webp": (".webp",),
    "gif": (".gif",),
    "pdf": (".pdf",),
    "mp4": (".mp4", ".m4v"),
    "mov": (".mov", ".qt"),
    "3gp": (".3gp", ".3g2"),
    "m4a": (".m4a", ".mp4", ".aac"),
    "aac": (".aac",),
    "mp3": (".mp3",),
    "ogg": (".ogg", ".oga", ".opus"),
    "amr": (".amr",),
}

# A blur rectangle: (x, y, width, height) as fractions 0..1 of the upright image (after EXIF
# orientation, as a moderator sees it), so it does not depend on the preview's scale.
Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class Limits:
    """What the vault accepts. The defaults suit phone photos, screenshots and scanned letters."""

    max_bytes: int = 20 * 1024 * 1024
    # 40 MP is above any phone camera's default output (48-200 MP sensors bin to 12-50 MP,
    # and the 50 MP "full resolution" modes are opt-in); a 40 MP RGBA decode is 160 MB.
    max_pixels: int = 40_000_000
    max_frames: int = 100
    max_pages: int = 30
    # Longest PDF page side in points (1/72 inch). A0 is 2384 x 3370 pt, so engineering
    # drawings fit; PDF's own upper bound is 14400 pt.
    max_page_points: float = 5000.0


LIMITS = Limits()


@dataclass(frozen=True)
class Detected:
    """What a file really is, judged by its content. Images carry their stored pixel size
    (before EXIF orientation) and frame count; PDFs carry their page count."""

    kind: Kind
    mime: str
    extension: str
    size: int
    width: int | None = None
    height: int | None = None
    frames: int = 1
    pages: int | None = None
    renamed: bool = False  # the sender's file name suggests another type

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "mime": self.mime,
            "extension": self.extension,
            "size": self.size,
            "width": self.width,
            "height": self.height,
            "frames": self.frames,
            "pages": self.pages,
            "renamed": self.renamed,
        }


class EvidenceError(ValueError):
    """A file the vault refuses, with a message for the sender in Thai and in English."""

    def __init__(self, code: ErrorCode, message_th: str, message_en: str) -> None:
        super().__init__(f"{code}: {message_en}")
        self.code: ErrorCode = code
        self.message_th = message_th
        self.message_en = message_en

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message_th": self.message_th, "message_en": self.message_en}


# The accepted types as people name them: the one list the upload fields' labels and the
# wrong-type error both show (watch/forms.py), in the order of ``MIME``.
ACCEPTED_NAMES = ", ".join("WebP" if k == "webp" else k.upper() for k in MIME)


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


def refuse(code: ErrorCode, limits: Limits = LIMITS, detail: str = "") -> EvidenceError:
    """The error for `code`, its messages filled in from `limits`; `detail` goes to the
    English message only, for logs and staff."""
    th, en = {
        "wrong_type": (
            f"รับเฉพาะไฟล์ {ACCEPTED_NAMES} เท่านั้น",
            f"Only these file types are accepted: {ACCEPTED_NAMES}.",
        ),
        "too_large": (
            f"ไฟล์ใหญ่เกินไป รับได้ไม่เกิน {_megabytes(limits.max_bytes)}",
            f"The file is too large; the limit is {_megabytes(limits.max_bytes)}.",
        ),
        "bomb": (
            "ไฟล์นี้ระบุขนาดภาพหรือจำนวนเฟรมมากผิดปกติ ระบบจึงไม่รับไว้",
            "The file declares an abnormally large picture size or frame count, so it was refused.",
        ),
        "corrupt": (
            "ไฟล์เสียหรือส่งมาไม่ครบ ระบบเปิดอ่านไม่ได้ กรุณาส่งใหม่อีกครั้ง",
            "The file is damaged or incomplete and cannot be opened; please send it again.",
        ),
        "too_many_pages": (
            f"PDF มีมากกว่า {limits.max_pages} หน้า กรุณาแบ่งเป็นหลายไฟล์",
            f"The PDF has more than {limits.max_pages} pages; please split it into several files.",
        ),
        "encrypted": (
            "PDF นี้ตั้งรหัสผ่านไว้ กรุณาส่งไฟล์ที่ไม่มีรหัสผ่าน",
            "This PDF is password-protected; please send a copy without a password.",
        ),
    }[code]
    return EvidenceError(code, th, f"{en} ({detail})" if detail else en)


def sniff(data: bytes) -> Kind | None:
    """The kind named by the file's magic bytes, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    # PDF readers tolerate junk before the header; we do not, so an HTML page or a ZIP with
    # "%PDF-" somewhere inside is never taken for a PDF.
    if data.startswith(b"%PDF-"):
        return "pdf"
    return sniff_media(data)


# ISO base media (MP4, MOV, 3GP, M4A): the "ftyp" box's major brand names the kind.
_AUDIO_BRANDS = (b"M4A ", b"M4B ", b"M4P ", b"F4A ")
_QUICKTIME_BOXES = (b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot")


def sniff_media(data: bytes) -> Kind | None:
    """Video and audio by their first bytes (phones send MP4/MOV/3GP video, and M4A, AAC, MP3,
    OGG/Opus or AMR voice)."""
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        if brand == b"qt  ":
            return "mov"
        if brand.startswith(b"3g"):
            return "3gp"
        return "m4a" if brand in _AUDIO_BRANDS else "mp4"
    if data[4:8] in _QUICKTIME_BOXES and data[:4] != b"\0\0\0\0":
        return "mov"  # an old QuickTime file, with no ftyp box
    if data.startswith(b"#!AMR"):
        return "amr"
    if data.startswith(b"OggS"):
        return "ogg"
    if data.startswith(b"ID3"):
        return "mp3"
    if len(data) >= 2 and data[0] == 0xFF:
        if data[1] & 0xF6 == 0xF0:  # ADTS sync, layer 0: AAC
            return "aac"
        if data[1] & 0xE0 == 0xE0 and (data[1] >> 1) & 3 == 1:  # MPEG audio sync, layer III
            return "mp3"
    return None


def detected(kind: Kind, data: bytes, declared_name: str | None, **fields: int | None) -> Detected:
    renamed = False
    if declared_name and "." in declared_name:
        ext = "." + declared_name.rsplit(".", 1)[1].lower()
        renamed = ext not in _NAME_EXTENSIONS[kind]
    return Detected(
        kind=kind, mime=MIME[kind], extension=EXTENSION[kind], size=len(data), renamed=renamed,
        **fields,  # type: ignore[arg-type]
    )


def check_rect(rect: Rect) -> Rect:
    """`rect` clipped to the image, or ValueError when it is not a rectangle of fractions."""
    if len(rect) != 4 or not all(isinstance(v, int | float) and math.isfinite(v) for v in rect):
        raise ValueError(f"blur rectangle must be four finite numbers, got {rect!r}")
    x, y, w, h = (float(v) for v in rect)
    if not (0 <= x < 1 and 0 <= y < 1 and w > 0 and h > 0):
        raise ValueError(f"blur rectangle must be fractions: 0<=x,y<1 and w,h>0, got {rect!r}")
    return (x, y, min(w, 1 - x), min(h, 1 - y))
