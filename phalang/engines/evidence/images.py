"""Images: header checks that run before any pixel is decoded, and the public copy.

The public copy is always a freshly encoded baseline JPEG. Transparent areas are flattened onto
white, because fully transparent pixels still carry colour values that could hold whatever was
"erased". Only pixels are copied across, so EXIF (GPS included), XMP, IPTC, ICC profiles,
comments and PNG text chunks cannot survive. Animated images keep their first frame.
"""

from __future__ import annotations

import io
import math
import struct
from collections.abc import Iterable

from PIL import Image, ImageCms, ImageFilter

from phalang.engines.evidence.base import (
    LIMITS,
    Detected,
    EvidenceError,
    Kind,
    Limits,
    Rect,
    check_rect,
    detected,
    refuse,
    sniff,
)

IMAGE_KINDS: tuple[Kind, ...] = ("jpeg", "png", "webp", "gif")
_PIL_FORMAT = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}
# Every exception Pillow's decoders are known to raise on hostile or broken input.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError, TypeError)

PUBLIC_MIME = "image/jpeg"
PUBLIC_QUALITY = 88


class _Truncated(Exception):
    """The header ends before the field we need."""


def _u(data: bytes, fmt: str, at: int) -> tuple[int, ...]:
    try:
        return struct.unpack_from(fmt, data, at)
    except struct.error as error:
        raise _Truncated from error


def _png_header(data: bytes) -> tuple[int, int, int]:
    length, ctype = _u(data, ">I4s", 8)
    if ctype != b"IHDR" or length != 13:
        raise _Truncated
    width, height = _u(data, ">II", 16)
    frames, at = 1, 8
    # Walk chunk headers only (no decompression) to find an APNG frame count.
    while at + 8 <= len(data):
        length, ctype = _u(data, ">I4s", at)
        if ctype == b"acTL":
            frames = _u(data, ">I", at + 8)[0]
        if ctype in (b"IDAT", b"IEND"):
            break
        at += 12 + length
    return width, height, frames


def _gif_header(data: bytes) -> tuple[int, int, int]:
    width, height, flags = _u(data, "<HHB", 6)
    at = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    frames = 0
    n = len(data)
    # Frames may reach past the logical screen, and decoders grow the canvas to fit them,
    # so the canvas is the union of all frame rectangles.
    while at < n:
        block = data[at]
        if block == 0x3B:  # trailer
            break
        if block == 0x21:  # extension: label, then sub-blocks
            at += 2
        elif block == 0x2C:  # image descriptor
            left, top, fw, fh, fflags = _u(data, "<HHHHB", at + 1)
            width, height = max(width, left + fw), max(height, top + fh)
            frames += 1
            at += 10 + (3 << ((fflags & 7) + 1) if fflags & 0x80 else 0) + 1  # + LZW code size
        else:
            break  # junk after the last frame; the decoder judges the rest
        while at < n and data[at]:  # skip sub-blocks without decoding them
            at += data[at] + 1
        at += 1
    return width, height, max(frames, 1)


# Start-of-frame markers (baseline, progressive, lossless, arithmetic); not DHT/JPG/DAC.
_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_header(data: bytes) -> tuple[int, int, int]:
    at = 2
    while True:
        if data[at : at + 1] != b"\xff":
            raise _Truncated
        while data[at : at + 1] == b"\xff":
            at += 1
        if at >= len(data):
            raise _Truncated
        marker = data[at]
        at += 1
        if marker in _JPEG_SOF:
            height, width = _u(data, ">HH", at + 3)
            if height == 0:  # height given later by a DNL marker: not worth supporting
                raise _Truncated
            return width, height, 1
        if marker == 0xDA or marker == 0xD9:  # scan or end before any frame header
            raise _Truncated
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue
        at += _u(data, ">H", at)[0]


def _webp_header(data: bytes) -> tuple[int, int, int]:
    fourcc = data[12:16]
    if fourcc == b"VP8X":
        flags = data[20]
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        if len(data) < 30:
            raise _Truncated
        frames, at = 0, 12
        if flags & 0x02:  # animated: count ANMF chunks without decoding them
            while at + 8 <= len(data):
                ctype, length = data[at : at + 4], _u(data, "<I", at + 4)[0]
                frames += ctype == b"ANMF"
                at += 8 + length + (length & 1)
        return width, height, max(frames, 1)
    if fourcc == b"VP8L":
        if data[20:21] != b"\x2f":
            raise _Truncated
        bits = _u(data, "<I", 21)[0]
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, 1
    if fourcc == b"VP8 ":
        if data[23:26] != b"\x9d\x01\x2a":
            raise _Truncated
        width, height = _u(data, "<HH", 26)
        return width & 0x3FFF, height & 0x3FFF, 1
    raise _Truncated


_HEADERS = {"png": _png_header, "gif": _gif_header, "jpeg": _jpeg_header, "webp": _webp_header}


def _check_size(width: int, height: int, frames: int, limits: Limits) -> None:
    if width <= 0 or height <= 0:
        raise refuse("corrupt", limits, "zero image dimension")
    if width * height > limits.max_pixels:
        raise refuse("bomb", limits, f"{width}x{height} pixels, limit {limits.max_pixels}")
    if frames > limits.max_frames:
        raise refuse("bomb", limits, f"{frames} frames, limit {limits.max_frames}")


def _open(data: bytes, kind: Kind, limits: Limits) -> tuple[Image.Image, tuple[int, int, int]]:
    """Open lazily (headers only) after our own dimension check, and check again what
    Pillow itself understood. Also returns the header's width, height and frame count."""
    try:
        width, height, frames = _HEADERS[kind](data)
    except (_Truncated, IndexError) as error:
        raise refuse("corrupt", limits, f"unreadable {kind} header") from error
    _check_size(width, height, frames, limits)
    try:
        im = Image.open(io.BytesIO(data), formats=[_PIL_FORMAT[kind]])
    except Image.DecompressionBombError as error:
        raise refuse("bomb", limits, str(error)) from error
    except _DECODE_ERRORS as error:
        raise refuse("corrupt", limits, str(error)) from error
    _check_size(im.width, im.height, 1, limits)
    return im, (width, height, frames)


def _load(im: Image.Image, limits: Limits) -> None:
    try:
        im.load()
    except Image.DecompressionBombError as error:
        raise refuse("bomb", limits, str(error)) from error
    except _DECODE_ERRORS as error:
        raise refuse("corrupt", limits, str(error)) from error


def inspect_image(
    data: bytes, kind: Kind, declared_name: str | None = None, limits: Limits = LIMITS
) -> Detected:
    """Check an image's header limits, then decode its first frame to prove it is whole."""
    im, (width, height, frames) = _open(data, kind, limits)
    with im:
        if kind == "jpeg":
            # DCT scaling still reads every coded block, so truncation and bad Huffman data
            # are caught at an eighth of the cost of a full decode.
            im.draft(im.mode, (max(1, im.width // 8), max(1, im.height // 8)))
        _load(im, limits)
    return detected(kind, data, declared_name, width=width, height=height, frames=frames)


def _to_srgb(im: Image.Image) -> Image.Image:
    """Convert through the embedded ICC profile, so colours survive dropping the profile."""
    icc = im.info.get("icc_profile")
    if not icc or im.mode not in ("RGB", "RGBA", "CMYK", "L", "LA"):
        return im
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        target = ImageCms.createProfile("sRGB")
        out_mode = "RGBA" if im.mode in ("RGBA", "LA") else "RGB"
        converted = ImageCms.profileToProfile(im, source, target, outputMode=out_mode)
        return converted if converted is not None else im
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return im  # a broken profile is ignored, as browsers do


# EXIF orientation (TIFF tag 0x0112) -> the transpose that shows the picture upright.
_ORIENT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _orientation(im: Image.Image) -> int:
    try:
        value = im.getexif().get(0x0112, 1)
    except _DECODE_ERRORS:
        return 1  # unreadable EXIF: keep the stored orientation
    return value if isinstance(value, int) else 1


def _upright(im: Image.Image, orientation: int) -> Image.Image:
    return im.transpose(_ORIENT[orientation]) if orientation in _ORIENT else im


def _flatten(im: Image.Image) -> Image.Image:
    """RGB with any transparency composited onto white."""
    if im.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        im = im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    elif im.mode == "F":
        im = im.convert("L")
    if im.mode == "P" and "transparency" in im.info:
        im = im.convert("RGBA")
    if im.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return im.convert("RGB")


def pixel_box(rect: Rect, size: tuple[int, int]) -> tuple[int, int, int, int]:
    """A fraction rectangle as a pixel box on an image of `size`, rounded outwards so that
    no partly covered pixel escapes."""
    x, y, w, h = check_rect(rect)
    width, height = size
    left, top = math.floor(x * width), math.floor(y * height)
    right = min(width, max(left + 1, math.ceil((x + w) * width)))
    bottom = min(height, max(top + 1, math.ceil((y + h) * height)))
    return left, top, right, bottom


def obscure(im: Image.Image, rects: Iterable[Rect]) -> Image.Image:
    """`im` (RGB) with each rectangle replaced by a smear of a few average colours.

    The area is averaged down to at most 3 cells on its long side (1 cell below 32 px), then
    smoothed back up and Gaussian-blurred. Only those few averages survive, far too little to
    rebuild a face, a number plate or a line of text; de-pixelation attacks need many cells
    per character.
    """
    out = im.copy()
    for rect in rects:
        box = pixel_box(rect, out.size)
        region = out.crop(box)
        bw, bh = region.size
        long_side = max(bw, bh)
        cells = max(1, min(3, long_side // 16))
        small = (max(1, round(bw * cells / long_side)), max(1, round(bh * cells / long_side)))
        smear = region.resize(small, Image.Resampling.BOX).resize(
            region.size, Image.Resampling.BILINEAR
        )
        smear = smear.filter(ImageFilter.GaussianBlur(max(2.0, long_side / 4)))
        out.paste(smear, box[:2])
    return out


def public_image(
    data: bytes,
    blur: Iterable[Rect] = (),
    max_side: int = 2000,
    *,
    limits: Limits = LIMITS,
    quality: int = PUBLIC_QUALITY,
) -> bytes:
    """A JPEG safe to publish: upright (EXIF orientation applied), in sRGB, no larger than
    `max_side` on its long side, with `blur` rectangles (fractions of the upright image)
    obscured and no metadata at all. Raises EvidenceError for files the vault refuses."""
    rects = [check_rect(r) for r in blur]
    if len(data) > limits.max_bytes:
        raise refuse("too_large", limits)
    kind = sniff(data)
    if kind is None or kind == "pdf":
        raise refuse("wrong_type", limits)
    im, _ = _open(data, kind, limits)
    with im:
        scale = max_side / max(im.size)
        if kind == "jpeg" and scale < 1:
            # Decode straight at the smallest DCT scale still at least as large as the output.
            im.draft(im.mode, (math.ceil(im.width * scale), math.ceil(im.height * scale)))
        _load(im, limits)
        picture = _upright(_to_srgb(im), _orientation(im))
        picture = _flatten(picture)
    # Obscure before downscaling, so the resampling filter cannot carry hidden pixels
    # across the rectangle's edge.
    if rects:
        picture = obscure(picture, rects)
    if max(picture.size) > max_side:
        picture.thumbnail((max_side, max_side), Image.Resampling.LANCZOS, reducing_gap=3.0)
    # A brand-new image from raw pixels: nothing from the source's info dict can follow.
    clean = Image.frombytes("RGB", picture.size, picture.tobytes())
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=quality, subsampling=0)
    return out.getvalue()


__all__ = ["IMAGE_KINDS", "PUBLIC_MIME", "EvidenceError", "inspect_image", "obscure",
           "pixel_box", "public_image"]
