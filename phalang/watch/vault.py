"""The evidence vault: checks files by content, stores originals encrypted, makes public copies.

Originals are encrypted with the 'vault' key and stored under random names (the uploader's file
name is dropped: it can identify them). Their SHA-256 is recorded for chain of custody. The
public copy is re-encoded with every piece of metadata stripped, and is stored encrypted too
until a moderator publishes it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace

from django.core.files.base import ContentFile

from phalang.engines import evidence as engine
from phalang.lib import conf
from phalang.lib.crypto import decrypt_bytes, encrypt_bytes
from phalang.watch.models import Evidence


@dataclass
class Checked:
    data: bytes
    kind: str
    mime: str
    sha256: str


class VaultError(Exception):
    def __init__(self, code: str, message_th: str, message_en: str, index: int | None = None) -> None:
        super().__init__(message_en)
        self.code, self.message_th, self.message_en, self.index = code, message_th, message_en, index


# What the web's file inputs offer (their "accept"): every type the vault takes, from the engine,
# so the form and the chat take the same files. The vault still judges each file by its content.
ACCEPT = ",".join(dict.fromkeys(engine.MIME.values()))
ACCEPTED_NAMES = engine.ACCEPTED_NAMES  # the same list in the field labels and the wrong-type error


def is_media(kind: str) -> bool:
    """Video and sound: kept as originals only, with no public copy, so never published."""
    return kind in engine.MEDIA_KINDS


def extension(kind: str) -> str:
    """The file extension of an original of this kind, without the dot ("mp4", "jpg")."""
    return engine.EXTENSION.get(kind, ".bin").lstrip(".")  # type: ignore[call-overload]


def max_bytes() -> int:
    return int(conf.phalang("EVIDENCE_MAX_MB")) * 1024 * 1024


def max_files() -> int:
    return int(conf.phalang("EVIDENCE_MAX_FILES"))


def _limits() -> engine.Limits:
    return engine.Limits(max_bytes=max_bytes())


def check_files(files: list[bytes]) -> list[Checked]:
    """Validate every file before anything is saved, so a bad file saves nothing."""
    if len(files) > max_files():
        raise VaultError("too_many_files", f"แนบไฟล์ได้ไม่เกิน {max_files()} ไฟล์ต่อเรื่อง",
                         f"At most {max_files()} files per report.")
    checked = []
    # The pixel budget is shared by the request's images: each image's header is checked against
    # what is left of it before anything is decoded.
    budget = int(conf.phalang("EVIDENCE_PIXEL_BUDGET_MP")) * 1_000_000
    for i, data in enumerate(files):
        if len(data) > max_bytes():
            raise VaultError("too_large",
                             f"ไฟล์ที่ {i + 1} ใหญ่เกิน {conf.phalang('EVIDENCE_MAX_MB')} MB",
                             f"File {i + 1} is larger than {conf.phalang('EVIDENCE_MAX_MB')} MB.", i)
        per_image = engine.Limits().max_pixels
        limits = replace(_limits(), max_pixels=max(1, min(per_image, budget)))
        try:
            found = engine.detect(data, limits=limits)
        except engine.EvidenceError as exc:
            if exc.code == "bomb" and budget < per_image:
                raise VaultError("pixel_budget",
                                 f"ไฟล์ที่ {i + 1}: รูปภาพในครั้งนี้รวมกันใหญ่เกินไป กรุณาส่งทีละน้อยรูป",
                                 f"File {i + 1}: the pictures in this request are too large together; "
                                 "send fewer at a time.", i) from exc
            raise VaultError(exc.code, f"ไฟล์ที่ {i + 1}: {exc.message_th}",
                             f"File {i + 1}: {exc.message_en}", i) from exc
        budget -= (found.width or 0) * (found.height or 0)
        checked.append(Checked(data, found.kind, found.mime, engine.sha256(data)))
    return checked


def _public_copy(item: Checked, blur: list | None = None) -> bytes:
    """``blur``: for images a list of (x, y, w, h) fractions; for PDFs, [page, x, y, w, h] items."""
    if item.kind == "pdf":
        pages: dict[int, list] = {}
        for page, *rect in blur or []:
            pages.setdefault(int(page), []).append(tuple(rect))
        return engine.public_pdf(item.data, blur=pages or None, limits=_limits())
    return engine.public_image(item.data, blur=[tuple(r) for r in blur or []], limits=_limits())


def store(item: Checked, *, report=None, pending_session: str = "") -> Evidence:  # type: ignore[no-untyped-def]
    name = secrets.token_hex(16)
    public = None
    if not is_media(item.kind):  # video and sound get no public copy (their metadata stays inside)
        try:
            public = _public_copy(item)
        except engine.EvidenceError as exc:
            raise VaultError(exc.code, exc.message_th, exc.message_en) from exc
    ev = Evidence(report=report, pending_session=pending_session, sha256=item.sha256, kind=item.kind,
                  mime=item.mime, size=len(item.data))
    ev.original.save(name + ".bin", ContentFile(encrypt_bytes(item.data)), save=False)
    if public is not None:
        ev.public_file.save(name + "-public.bin", ContentFile(encrypt_bytes(public)), save=False)
    ev.save()
    return ev


def read_original(ev: Evidence) -> bytes:
    with ev.original.open("rb") as fh:
        return decrypt_bytes(fh.read())


def read_public(ev: Evidence) -> bytes:
    with ev.public_file.open("rb") as fh:
        return decrypt_bytes(fh.read())


def rerender_public(ev: Evidence, blur: list) -> None:
    """Rebuild the public copy from the original with the moderator's blur rectangles."""
    item = Checked(read_original(ev), ev.kind, ev.mime, ev.sha256)
    data = _public_copy(item, blur)
    ev.public_file.delete(save=False)
    ev.public_file.save(secrets.token_hex(16) + "-public.bin", ContentFile(encrypt_bytes(data)), save=False)
    ev.blur = blur
    ev.save(update_fields=["public_file", "blur"])
