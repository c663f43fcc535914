"""The public copy of an image keeps its pixels and nothing else."""

from __future__ import annotations

import io
import struct
from fractions import Fraction
from typing import cast

import pytest
from PIL import Image, ImageOps
from PIL.PngImagePlugin import PngImageFile

from phalang.engines.evidence import EvidenceError, public_image
from tests.engines.evidence.helpers import (
    CAMERA,
    COMMENT_SECRET,
    DATUM,
    GPS_IFD,
    PNG_SECRET,
    XMP_SECRET,
    encode,
    gps_jpeg,
    photo,
    text_png,
)


def _open(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def _rgb(im: Image.Image, xy: tuple[int, int]) -> tuple[int, int, int]:
    r, g, b = cast(tuple[int, int, int], im.convert("RGB").getpixel(xy))
    return r, g, b


def _grey(im: Image.Image, xy: tuple[int, int]) -> int:
    return cast(int, im.convert("L").getpixel(xy))


def _gps_rational_bytes() -> list[bytes]:
    """How the seconds of latitude and longitude (27.5, 12.25) sit in the EXIF block, as
    unsigned rationals in its byte order, however the writer scaled them."""
    source = _open(gps_jpeg()).info["exif"]
    order = ">" if b"MM\x00*" in source[:16] else "<"
    packed = []
    for value in (27.5, 12.25):
        exact = Fraction(value)
        for k in (1, 2, 4, 5, 10, 100, 1000, 10000):
            packed.append(struct.pack(order + "II", exact.numerator * k, exact.denominator * k))
    return [p for p in packed if p in source]


def test_gps_and_all_jpeg_metadata_are_gone() -> None:
    source = gps_jpeg()
    original = _open(source)
    assert original.getexif().get_ifd(GPS_IFD)[2] == (13.0, 45.0, 27.5)
    gps_values = _gps_rational_bytes()
    assert gps_values, "the test photo should carry its GPS rationals"
    for secret in (CAMERA.encode(), DATUM.encode(), XMP_SECRET, COMMENT_SECRET, b"Exif"):
        assert secret in source

    public = public_image(source)
    copy = _open(public)
    assert copy.format == "JPEG"
    assert dict(copy.getexif()) == {}
    assert not copy.getexif().get_ifd(GPS_IFD)
    for key in ("exif", "xmp", "icc_profile", "comment", "photoshop"):
        assert key not in copy.info
    for secret in (CAMERA.encode(), DATUM.encode(), XMP_SECRET, COMMENT_SECRET, *gps_values):
        assert secret not in public
    for marker in (b"Exif", b"http://ns.adobe.com/xap", b"ICC_PROFILE", b"Photoshop"):
        assert marker not in public


def test_png_text_chunks_are_gone() -> None:
    source = text_png()
    original = _open(source)
    assert isinstance(original, PngImageFile)
    assert set(original.text) == {"Author", "Comment", "Description"}
    public = public_image(source)
    copy = _open(public)
    assert copy.format == "JPEG"
    assert not getattr(copy, "text", {})
    assert PNG_SECRET.encode() not in public
    for chunk in (b"tEXt", b"zTXt", b"iTXt", b"eXIf"):
        assert chunk not in public


def test_transparent_pixels_are_flattened_onto_white() -> None:
    # The left half is transparent red: the red must not come back in the public copy.
    copy = _open(public_image(text_png()))
    r, g, b = _rgb(copy, (20, 50))
    assert min(r, g, b) > 240
    r, g, b = _rgb(copy, (180, 50))
    assert b > 200 and r < 40


def test_exif_orientation_is_applied() -> None:
    source = gps_jpeg(size=(300, 100), orientation=6)
    upright = ImageOps.exif_transpose(_open(source)).convert("RGB")
    copy = _open(public_image(source)).convert("RGB")
    assert copy.size == upright.size == (100, 300)
    # Same picture: mean absolute difference small (JPEG re-encoding aside).
    diff = [abs(a - b) for a, b in zip(copy.tobytes(), upright.tobytes(), strict=True)]
    assert sum(diff) / len(diff) < 12


def test_downscaled_to_max_side() -> None:
    source = encode(photo((2200, 1100)), "JPEG")
    assert _open(public_image(source)).size == (2000, 1000)
    assert _open(public_image(source, max_side=800)).size == (800, 400)
    small = encode(photo((300, 200)), "PNG")
    assert _open(public_image(small)).size == (300, 200)


def test_animated_gif_keeps_its_first_frame() -> None:
    frames = [Image.new("RGB", (40, 40), c) for c in ("red", "green", "blue")]
    source = encode(frames[0], "GIF", save_all=True, append_images=frames[1:])
    r, g, b = _rgb(_open(public_image(source)), (20, 20))
    assert r > 200 and g < 60 and b < 60


def test_16_bit_grey_png_keeps_its_tones() -> None:
    row = struct.pack("<32H", *[32768] * 32) + struct.pack("<32H", *[65535] * 32)
    im = Image.frombytes("I;16", (64, 64), row * 64)
    assert im.getpixel((10, 10)) == 32768
    copy = _open(public_image(encode(im, "PNG")))
    assert 110 < _grey(copy, (10, 10)) < 145
    assert _grey(copy, (50, 10)) > 245


def test_pdfs_and_other_files_are_refused() -> None:
    with pytest.raises(EvidenceError) as refused:
        public_image(b"%PDF-1.4\n")
    assert refused.value.code == "wrong_type"
