"""Files are judged by their bytes, never their names; anything but an image or PDF is refused."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from phalang.engines.evidence import EvidenceError, Limits, detect, sha256
from tests.engines.evidence.helpers import animated_gif, encode, make_pdf, photo, zip_file


@pytest.mark.parametrize(
    ("fmt", "kind", "mime"),
    [
        ("JPEG", "jpeg", "image/jpeg"),
        ("PNG", "png", "image/png"),
        ("WEBP", "webp", "image/webp"),
        ("GIF", "gif", "image/gif"),
    ],
)
def test_images_are_detected_by_content(fmt: str, kind: str, mime: str) -> None:
    found = detect(encode(photo((120, 80)), fmt), "evidence.bin")
    assert (found.kind, found.mime, found.width, found.height) == (kind, mime, 120, 80)
    assert found.renamed


def test_pdf_is_detected_with_its_page_count() -> None:
    found = detect(make_pdf(pages=3), "letter.pdf")
    assert (found.kind, found.mime, found.pages, found.renamed) == ("pdf", "application/pdf", 3, False)


def test_a_png_named_jpg_is_a_png() -> None:
    found = detect(encode(photo((20, 20)), "PNG"), "IMG_0001.JPG")
    assert found.kind == "png" and found.extension == ".png" and found.renamed


def test_matching_name_is_not_renamed() -> None:
    assert not detect(encode(photo((20, 20)), "JPEG"), "IMG_0001.jpeg").renamed


def test_frames_are_counted_without_decoding_them() -> None:
    assert detect(animated_gif(20)).frames == 20
    frames = [photo((16, 16)) for _ in range(5)]
    webp = encode(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=40)
    assert detect(webp).frames == 5


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "photo.jpg"),
        (zip_file(), "photo.jpg"),
        (b"MZ\x90\x00\x03" + b"\x00" * 200, "scan.pdf"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "photo.png"),
        (SVG, "image.png"),
        (b"see attached %PDF-1.4 1 0 obj", "letter.pdf"),
        (encode(photo((20, 20)), "BMP"), "photo.jpg"),
        (encode(photo((20, 20)), "TIFF"), "photo.jpg"),
        (b"", "empty.jpg"),
    ],
    ids=["html", "zip", "exe", "elf", "svg", "pdf-not-at-start", "bmp", "tiff", "empty"],
)
def test_disguised_files_are_wrong_type(data: bytes, name: str) -> None:
    with pytest.raises(EvidenceError) as refused:
        detect(data, name)
    assert refused.value.code == "wrong_type"
    assert "PDF" in refused.value.message_th and "PDF" in refused.value.message_en


def test_oversized_files_are_refused_before_anything_else() -> None:
    with pytest.raises(EvidenceError) as refused:
        detect(b"\xff\xd8\xff" + b"\x00" * (20 * 1024 * 1024), "big.jpg")
    assert refused.value.code == "too_large"
    assert "20 MB" in refused.value.message_th


def test_size_limit_is_a_parameter() -> None:
    data = encode(photo((200, 200)), "PNG")
    assert detect(data, limits=Limits(max_bytes=len(data))).kind == "png"
    with pytest.raises(EvidenceError) as refused:
        detect(data, limits=Limits(max_bytes=len(data) - 1))
    assert refused.value.code == "too_large"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "WEBP"])
def test_truncated_images_are_corrupt(fmt: str) -> None:
    data = encode(photo((300, 300)), fmt)
    with pytest.raises(EvidenceError) as refused:
        detect(data[: len(data) // 2])
    assert refused.value.code == "corrupt"


def test_broken_header_is_corrupt() -> None:
    with pytest.raises(EvidenceError) as refused:
        detect(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert refused.value.code == "corrupt"


def test_broken_pdf_is_corrupt() -> None:
    with pytest.raises(EvidenceError) as refused:
        detect(b"%PDF-1.7\nthis is not a PDF at all\n%%EOF\n", "letter.pdf")
    assert refused.value.code == "corrupt"


def test_errors_carry_both_languages() -> None:
    with pytest.raises(EvidenceError) as refused:
        detect(b"hello")
    assert refused.value.as_dict().keys() == {"code", "message_th", "message_en"}
    assert "รับเฉพาะ" in refused.value.message_th


def test_sha256_is_the_hex_digest() -> None:
    data = encode(photo((10, 10)), "PNG")
    assert sha256(data) == hashlib.sha256(data).hexdigest()
    assert len(sha256(b"")) == 64


def test_pillow_can_still_open_what_we_accept() -> None:
    data = encode(photo((50, 40)), "WEBP")
    detect(data)
    assert Image.open(io.BytesIO(data)).size == (50, 40)
