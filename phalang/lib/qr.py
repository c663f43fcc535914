"""QR codes as inline SVG: the two-factor enrolment page and an event ticket draw one.

qrcode encodes the data and scores the masks; two things are done here, each giving the very
same QR code as qrcode.make (tests/foundation/test_qr_svg.py):

- the best of the eight masks is found by masking the data modules of one drawn matrix eight
  ways, where qrcode draws the whole matrix again for each mask (~7 of the ~18 ms a two-factor
  URI's code took);
- the SVG is one path with a rectangle per run of dark modules in a row, where qrcode's
  SvgPathImage draws a square per module through its generic drawing layer (~5 ms, and an SVG
  three times the size).
"""

from __future__ import annotations

import functools
from typing import Any

# How large qrcode's SvgPathImage drew a module at box_size=8, kept so pages look the same.
MODULE_MM = 0.8
BORDER = 4  # modules of quiet zone, as the QR specification asks


@functools.cache
def _qr_class() -> type:
    import qrcode  # here: only the pages that draw a QR code need it
    from qrcode import util

    class QRCode(qrcode.QRCode):  # type: ignore[misc]
        data_cells: list[tuple[int, int]] = []

        def map_data(self, data: Any, mask_pattern: int) -> None:
            # The modules still empty now are the data modules, the same for every mask.
            self.data_cells = [(r, c) for r, row in enumerate(self.modules)
                               for c, m in enumerate(row) if m is None]
            super().map_data(data, mask_pattern)

        def best_mask_pattern(self) -> int:
            # As qrcode's: the mask whose test matrix (format and version bits all light) loses
            # fewest points, the first of equals. The test matrices differ only in the data
            # modules, each the data bit XOR the mask: draw one, unmask it, mask it eight ways.
            self.makeImpl(True, 0)
            drawn, cells = self.modules, self.data_cells
            masks = _masks(self.version, tuple(cells))
            bits = [drawn[r][c] != m for (r, c), m in zip(cells, masks[0], strict=True)]
            best, fewest = 0, None
            for pattern in range(8):
                test = [row[:] for row in drawn]
                for (r, c), bit, m in zip(cells, bits, masks[pattern], strict=True):
                    test[r][c] = bit != m
                lost = util.lost_point(test)
                if fewest is None or lost < fewest:
                    best, fewest = pattern, lost
            return best

    return QRCode


@functools.lru_cache(maxsize=8)
def _masks(version: int, cells: tuple[tuple[int, int], ...]) -> list[list[bool]]:
    """Each mask's value on each data module (the data modules depend on the version only)."""
    from qrcode import util

    return [[bool(util.mask_func(p)(r, c)) for r, c in cells] for p in range(8)]


def matrix(data: str) -> list[list[bool]]:
    """The dark (True) and light modules of ``data``'s QR code, quiet zone not included."""
    code = _qr_class()(border=0)
    code.add_data(data)
    code.make(fit=True)
    return [[bool(m) for m in row] for row in code.modules]


def svg(data: str) -> str:
    """``data``'s QR code as an SVG document, with its quiet zone."""
    modules = matrix(data)
    side = len(modules) + 2 * BORDER
    runs: list[str] = []
    for y, row in enumerate(modules, start=BORDER):
        x, n = 0, len(row)
        while x < n:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < n and row[x]:
                x += 1
            runs.append(f"M{start + BORDER},{y}h{x - start}v1h-{x - start}z")
    size = f"{side * MODULE_MM:g}mm"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{size}" height="{size}" '
            f'viewBox="0 0 {side} {side}" shape-rendering="crispEdges">'
            f'<path d="{"".join(runs)}" fill="#000000"/></svg>')
