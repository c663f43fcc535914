"""Blurred areas cannot be recovered: only a few averages of the original survive."""

from __future__ import annotations

import io
from statistics import mean, pvariance

import pytest
from PIL import Image

from phalang.engines.evidence import public_image
from phalang.engines.evidence.images import pixel_box
from tests.engines.evidence.helpers import encode, photo, striped_image


def _grey(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("L")


def _values(im: Image.Image, box: tuple[int, int, int, int]) -> list[int]:
    return list(im.crop(box).tobytes())


def test_blurred_region_differs_strongly_and_is_flat() -> None:
    source = photo((800, 600))
    rect = (0.25, 0.25, 0.25, 0.25)  # 200x150 px at (200, 150)
    box = (200, 150, 400, 300)
    before = _values(source.convert("L"), box)
    after_image = _grey(public_image(encode(source, "PNG"), [rect]))
    after = _values(after_image, box)
    assert pvariance(before) > 1500
    assert pvariance(after) < 30
    assert mean(abs(a - b) for a, b in zip(before, after, strict=True)) > 25
    # Outside the rectangle the picture is untouched (apart from JPEG coding).
    outside = (500, 350, 700, 550)
    kept = zip(_values(source.convert("L"), outside), _values(after_image, outside), strict=True)
    assert mean(abs(a - b) for a, b in kept) < 12


def test_stripes_under_a_blur_leave_no_trace() -> None:
    source = striped_image((400, 400))
    out = _grey(public_image(encode(source, "PNG"), [(0.25, 0.25, 0.5, 0.5)]))
    inside = _values(out, (100, 100, 300, 300))
    assert max(inside) - min(inside) < 20


def test_small_rect_is_fully_obscured_after_downscaling() -> None:
    # A 12x12 px rectangle on a 4000x3000 photo; the copy is halved to 2000x1500.
    source = striped_image((4000, 3000))
    rect = (2000 / 4000, 1500 / 3000, 12 / 4000, 12 / 3000)
    out = _grey(public_image(encode(source, "PNG"), [rect]))
    assert out.size == (2000, 1500)
    inside = _values(out, (1001, 751, 1005, 755))
    assert max(inside) - min(inside) < 20
    # The stripes next to it are still there, so the test would see them if they leaked.
    beside = _values(out, (1020, 751, 1030, 755))
    assert max(beside) - min(beside) > 80


def test_rect_rounds_outwards() -> None:
    assert pixel_box((0.1, 0.1, 0.001, 0.001), (1000, 1000)) == (100, 100, 101, 101)
    assert pixel_box((0.1005, 0.0, 0.5, 1.0), (1000, 1000)) == (100, 0, 601, 1000)
    assert pixel_box((0.9, 0.9, 0.5, 0.5), (100, 100)) == (90, 90, 100, 100)


@pytest.mark.parametrize(
    "rect",
    [(10, 10, 50, 50), (-0.1, 0.0, 0.5, 0.5), (0.1, 0.1, 0.0, 0.5), (0.1, float("nan"), 0.2, 0.2)],
    ids=["pixels", "negative", "empty", "nan"],
)
def test_rects_must_be_fractions(rect: tuple[float, float, float, float]) -> None:
    with pytest.raises(ValueError, match="blur rectangle"):
        public_image(encode(photo((20, 20)), "PNG"), [rect])
