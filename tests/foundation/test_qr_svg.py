"""The QR codes the two-factor page and a ticket show: drawn by phalang.lib.qr from qrcode's matrix
(a rectangle per run of dark modules), faster and smaller than qrcode's module-by-module SVG."""

from __future__ import annotations

import re

import qrcode
import qrcode.image.svg

from phalang.lib import qr

URI = ("otpauth://totp/Phalang%3Aalice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
       "&algorithm=SHA1&digits=6&issuer=Phalang")


def _drawn(svg: str) -> tuple[int, set[tuple[int, int]]]:
    """The side of the viewBox and the dark cells the path covers."""
    side = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))  # type: ignore[union-attr]
    cells = set()
    for x, y, w, back in re.findall(r"M(\d+),(\d+)h(\d+)v1h-(\d+)z", re.search(r' d="([^"]*)"', svg).group(1)):  # type: ignore[union-attr]
        assert w == back
        cells |= {(int(x) + i, int(y)) for i in range(int(w))}
    return side, cells


def test_the_svg_draws_qrcodes_own_matrix_with_its_quiet_zone() -> None:
    svg = qr.svg(URI)
    expected = qrcode.QRCode(border=4)
    expected.add_data(URI)
    expected.make(fit=True)
    grid = expected.get_matrix()  # quiet zone included
    side, cells = _drawn(svg)
    assert side == len(grid)
    assert cells == {(x, y) for y, row in enumerate(grid) for x, dark in enumerate(row) if dark}
    assert re.fullmatch(r'<svg xmlns="http://www.w3.org/2000/svg"[^>]*><path d="[^"]+" fill="#000000"/></svg>', svg)


def test_the_svg_is_as_large_on_the_page_and_smaller_than_qrcodes_own() -> None:
    old = qrcode.make(URI, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).to_string(encoding="unicode")
    new = qr.svg(URI)
    size = re.search(r'width="([\d.]+mm)" height="\1"', old).group(1)  # type: ignore[union-attr]
    assert f'width="{size}" height="{size}"' in new
    assert len(new) * 2 < len(old)


def test_the_matrix_is_drawn_twice_not_nine_times(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Where the time went: qrcode draws the whole matrix once per mask and once more; here one
    test matrix and the final one (a CPU-time comparison would be flaky on a loaded machine)."""
    drawn: list[bool] = []
    original = qrcode.QRCode.makeImpl

    def counted(self, test, mask_pattern):  # type: ignore[no-untyped-def]
        drawn.append(test)
        return original(self, test, mask_pattern)

    monkeypatch.setattr(qrcode.QRCode, "makeImpl", counted)
    qrcode.make(URI, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    assert drawn == [True] * 8 + [False]
    drawn.clear()
    qr.svg(URI)
    assert drawn == [True, False]


def test_the_mask_and_every_module_are_qrcodes_own_for_many_inputs() -> None:
    """The mask is chosen here in one drawing instead of eight: the same choice, the same code."""
    samples = [URI, "", "x", "https://example.org/coalition/e/abc123/ticket/" + "t" * 40,
               "ไทย" * 30, "0123456789" * 20, "A" * 300, *(f"otpauth://totp/u{i}?secret={'K' * (16 + i)}" for i in range(24))]
    for data in samples:
        expected = qrcode.QRCode(border=0)
        expected.add_data(data)
        expected.make(fit=True)
        assert qr.matrix(data) == [[bool(m) for m in row] for row in expected.modules], data
        code = qr._qr_class()(border=0)
        code.add_data(data)
        code.best_fit()
        assert code.best_mask_pattern() == qrcode.QRCode.best_mask_pattern(code), data
