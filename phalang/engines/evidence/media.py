"""Video and audio evidence: is the file what its first bytes say, and whole?

Nothing is decoded: the container's own structure is walked (the boxes of an MP4/MOV/3GP/M4A
file, the first frame header of AAC and MP3, the first page of OGG, the AMR magic). A truncated
or damaged file is refused as "corrupt", a renamed HTML page as "wrong_type". The vault keeps
these files as originals only (no public copy), so nothing here rewrites them.
"""

from __future__ import annotations

import struct

from phalang.engines.evidence.base import Detected, Kind, Limits, detected, refuse

ISO_KINDS = ("mp4", "mov", "3gp", "m4a")
# A playable ISO media file has its index ("moov"); fragments ("moof") need one too.
_REQUIRED_BOX = b"moov"


def _box_type_ok(kind: bytes) -> bool:
    # Box types are four printable characters (Apple's "©xyz" lives inside moov, not at the top).
    return all(32 <= b < 127 for b in kind)


def _walk_iso(data: bytes, limits: Limits) -> None:
    """The top-level boxes must tile the file exactly, and one of them must be the index."""
    pos, seen, boxes = 0, set(), 0
    while pos < len(data):
        if len(data) - pos < 8:
            raise refuse("corrupt", limits, f"{len(data) - pos} stray bytes at {pos}")
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        header = 8
        if size == 1:  # a 64-bit size follows
            if len(data) - pos < 16:
                raise refuse("corrupt", limits, "truncated large box")
            size = struct.unpack(">Q", data[pos + 8:pos + 16])[0]
            header = 16
        elif size == 0:  # the last box runs to the end of the file
            size = len(data) - pos
        if not _box_type_ok(kind) or size < header:
            raise refuse("corrupt", limits, f"bad box {kind!r} of {size} bytes at {pos}")
        if pos + size > len(data):
            raise refuse("corrupt", limits, f"box {kind!r} runs past the end (incomplete file)")
        seen.add(kind)
        pos += size
        boxes += 1
        if boxes > 10_000:
            raise refuse("corrupt", limits, "too many top-level boxes")
    if _REQUIRED_BOX not in seen:
        raise refuse("corrupt", limits, "no moov box: not a playable file")


def _id3_end(data: bytes) -> int:
    """Where the audio starts after an ID3v2 tag (its size is four 7-bit bytes)."""
    if len(data) < 10:
        return len(data)
    size = 0
    for b in data[6:10]:
        if b & 0x80:
            return -1
        size = (size << 7) | b
    footer = 10 if data[5] & 0x10 else 0
    return 10 + size + footer


def _check_mp3(data: bytes, limits: Limits) -> None:
    start = _id3_end(data) if data.startswith(b"ID3") else 0
    if start < 0:
        raise refuse("corrupt", limits, "bad ID3 tag size")
    # Some encoders pad after the tag: look for the first frame in the next few kilobytes.
    window = data[start:start + 8192]
    for i in range(max(0, len(window) - 1)):
        if window[i] == 0xFF and window[i + 1] & 0xE0 == 0xE0 and (window[i + 1] >> 1) & 3 != 0:
            return
    raise refuse("corrupt", limits, "no MPEG audio frame")


def _check_aac(data: bytes, limits: Limits) -> None:
    if len(data) < 7:
        raise refuse("corrupt", limits, "short ADTS header")
    frame = ((data[3] & 0x03) << 11) | (data[4] << 3) | (data[5] >> 5)
    if frame < 7:
        raise refuse("corrupt", limits, "bad ADTS frame length")


def _check_ogg(data: bytes, limits: Limits) -> None:
    # The page header is 27 bytes: "OggS", version 0, header type, granule, serial, page, CRC, segments.
    if len(data) < 27 or data[4] != 0:
        raise refuse("corrupt", limits, "bad OGG page header")


def inspect_media(data: bytes, kind: Kind, declared_name: str | None, limits: Limits) -> Detected:
    if kind in ISO_KINDS:
        _walk_iso(data, limits)
    elif kind == "mp3":
        _check_mp3(data, limits)
    elif kind == "aac":
        _check_aac(data, limits)
    elif kind == "ogg":
        _check_ogg(data, limits)
    elif kind == "amr" and not (data.startswith(b"#!AMR\n") or data.startswith(b"#!AMR-WB\n")):
        raise refuse("corrupt", limits, "bad AMR header")
    return detected(kind, data, declared_name)
