"""Decompression bombs are refused from their headers, before any pixel is allocated."""

from __future__ import annotations

import resource
import time

import pytest

from phalang.engines.evidence import EvidenceError, Limits, detect, public_image, public_pdf
from tests.engines.evidence.helpers import (
    animated_gif,
    encode,
    gif_frame_bomb,
    jpeg_bomb,
    make_pdf,
    photo,
    png_bomb,
    webp_bomb,
)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


@pytest.mark.parametrize(
    "data",
    [png_bomb(), gif_frame_bomb(), webp_bomb(), jpeg_bomb()],
    ids=["png-30000x30000", "gif-frame-60000x60000", "webp-16000x16000", "jpeg-60000x60000"],
)
def test_huge_dimensions_are_a_bomb(data: bytes) -> None:
    assert len(data) < 4096
    before, start = _peak_rss_mb(), time.perf_counter()
    for check in (detect, public_image):
        with pytest.raises(EvidenceError) as refused:
            check(data)
        assert refused.value.code == "bomb"
    # Decoding any of these would take 256 MB to 3.6 GB and seconds of work.
    assert _peak_rss_mb() - before < 100
    assert time.perf_counter() - start < 1


def test_pixel_limit_is_ours_not_pillows_global() -> None:
    data = encode(photo((100, 100)), "PNG")
    assert detect(data, limits=Limits(max_pixels=10_000)).width == 100
    with pytest.raises(EvidenceError) as refused:
        detect(data, limits=Limits(max_pixels=9_999))
    assert refused.value.code == "bomb"


def test_too_many_frames_is_a_bomb() -> None:
    with pytest.raises(EvidenceError) as refused:
        detect(animated_gif(11), limits=Limits(max_frames=10))
    assert refused.value.code == "bomb"
    assert detect(animated_gif(10), limits=Limits(max_frames=10)).frames == 10


def test_too_many_pages() -> None:
    with pytest.raises(EvidenceError) as refused:
        detect(make_pdf(pages=31))
    assert refused.value.code == "too_many_pages"
    assert "30" in refused.value.message_th
    with pytest.raises(EvidenceError) as refused:
        public_pdf(make_pdf(pages=3), limits=Limits(max_pages=2))
    assert refused.value.code == "too_many_pages"


def test_absurd_pdf_page_size_is_a_bomb() -> None:
    with pytest.raises(EvidenceError) as refused:
        detect(make_pdf(size=(14400, 14400)))
    assert refused.value.code == "bomb"


def test_a0_drawing_is_accepted() -> None:
    assert detect(make_pdf(size=(2384, 3370))).pages == 1
