"""PDFs: page-count and page-size checks, and a public copy rebuilt from pictures of the pages.

The public copy holds one JPEG per page and nothing else, in a PDF this module writes itself:
no document information dictionary, no XMP, no text layer (so white-on-white or covered text is
gone), no JavaScript, forms, attachments, links or annotation pop-ups. What was visible on the
page is what remains. PDFium is not thread-safe, so every use of it here holds one lock.
"""

from __future__ import annotations

import io
import math
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from phalang.engines.evidence.base import (
    LIMITS,
    Detected,
    ErrorCode,
    Limits,
    Rect,
    check_rect,
    detected,
    refuse,
    sniff,
)
from phalang.engines.evidence.images import obscure

# 144 dpi (scale 2) keeps Thai vowel and tone marks on 10-point text legible; 120 dpi blurs them.
RENDER_DPI = 144
# Big pages (A1, A0 drawings) render at a lower dpi so no page picture exceeds this.
MAX_PAGE_PIXELS = 16_000_000
PAGE_QUALITY = 80

_PDFIUM = threading.Lock()


@contextmanager
def _document(data: bytes, limits: Limits) -> Iterator[pdfium.PdfDocument]:
    """The open document, or the vault's error for an unreadable or locked one."""
    with _PDFIUM:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            code: ErrorCode = "encrypted" if error.err_code == pdfium_c.FPDF_ERR_PASSWORD else "corrupt"
            raise refuse(code, limits, str(error)) from error
        try:
            yield pdf
        finally:
            pdf.close()


def _check_pages(pdf: pdfium.PdfDocument, limits: Limits) -> list[tuple[float, float]]:
    count = len(pdf)
    if count == 0:
        raise refuse("corrupt", limits, "no pages")
    if count > limits.max_pages:
        raise refuse("too_many_pages", limits, f"{count} pages")
    sizes = []
    for index in range(count):
        try:
            width, height = pdf.get_page_size(index)
        except pdfium.PdfiumError as error:
            raise refuse("corrupt", limits, f"page {index + 1}: {error}") from error
        if not (math.isfinite(width) and math.isfinite(height)) or width < 1 or height < 1:
            raise refuse("corrupt", limits, f"page {index + 1} has no size")
        if max(width, height) > limits.max_page_points:
            raise refuse("bomb", limits, f"page {index + 1} is {width:.0f}x{height:.0f} pt")
        sizes.append((width, height))
    return sizes


def inspect_pdf(data: bytes, declared_name: str | None = None, limits: Limits = LIMITS) -> Detected:
    """Open the PDF and check its page count and page sizes; no page is rendered."""
    with _document(data, limits) as pdf:
        sizes = _check_pages(pdf, limits)
    return detected("pdf", data, declared_name, pages=len(sizes))


def _render(page: pdfium.PdfPage, width: float, height: float) -> Image.Image:
    """The page as displayed, its /Rotate applied."""
    scale = min(RENDER_DPI / 72, math.sqrt(MAX_PAGE_PIXELS / (width * height)))
    bitmap = page.render(scale=scale, may_draw_forms=True, draw_annots=True)
    return bitmap.to_pil().convert("RGB")


def _write_pdf(pages: list[tuple[bytes, tuple[int, int], tuple[float, float]]]) -> bytes:
    """A minimal PDF: each page shows one JPEG (DCTDecode) stretched over the page size."""
    count = len(pages)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []

    def add(body: bytes, stream: bytes | None = None) -> None:
        offsets.append(len(out))
        out.extend(f"{len(offsets)} 0 obj\n".encode() + body)
        if stream is not None:
            out.extend(b"\nstream\n" + stream + b"\nendstream")
        out.extend(b"\nendobj\n")

    # Objects: 1 catalog, 2 page tree, then per page: page, content stream, image.
    kids = " ".join(f"{3 + 3 * i} 0 R" for i in range(count))
    add(b"<< /Type /Catalog /Pages 2 0 R >>")
    add(f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode())
    for i, (jpeg, (px_w, px_h), (pt_w, pt_h)) in enumerate(pages):
        content, image = 4 + 3 * i, 5 + 3 * i
        add(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pt_w:.2f} {pt_h:.2f}] "
            f"/Resources << /XObject << /P{i} {image} 0 R >> >> /Contents {content} 0 R >>".encode()
        )
        draw = f"q {pt_w:.2f} 0 0 {pt_h:.2f} 0 0 cm /P{i} Do Q".encode()
        add(f"<< /Length {len(draw)} >>".encode(), draw)
        add(
            f"<< /Type /XObject /Subtype /Image /Width {px_w} /Height {px_h} "
            f"/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode "
            f"/Length {len(jpeg)} >>".encode(),
            jpeg,
        )
    xref = len(out)
    out.extend(f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.extend(f"{offset:010d} 00000 n \n".encode())
    out.extend(
        f"trailer\n<< /Size {len(offsets) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def public_pdf(
    data: bytes,
    blur: Mapping[int, Iterable[Rect]] | None = None,
    *,
    limits: Limits = LIMITS,
) -> bytes:
    """A PDF safe to publish, rebuilt from pictures of the pages. `blur` maps a 0-based page
    index to rectangles (fractions of the page as displayed, rotation applied) to obscure."""
    rects = {page: [check_rect(r) for r in rs] for page, rs in (blur or {}).items()}
    if len(data) > limits.max_bytes:
        raise refuse("too_large", limits)
    if sniff(data) != "pdf":
        raise refuse("wrong_type", limits)
    pages = []
    with _document(data, limits) as pdf:
        sizes = _check_pages(pdf, limits)
        unknown = sorted(set(rects) - set(range(len(sizes))))
        if unknown:
            raise ValueError(f"blur names pages {unknown}, the PDF has {len(sizes)}")
        pdf.init_forms()  # so filled-in form fields are drawn (PDFium here runs no JavaScript)
        for index, (width, height) in enumerate(sizes):
            try:
                page = pdf[index]
            except pdfium.PdfiumError as error:
                raise refuse("corrupt", limits, f"page {index + 1}: {error}") from error
            try:
                picture = _render(page, width, height)
                shown = (page.get_width(), page.get_height())  # after /Rotate
            finally:
                page.close()
            if rects.get(index):
                picture = obscure(picture, rects[index])
            jpeg = io.BytesIO()
            picture.save(jpeg, "JPEG", quality=PAGE_QUALITY)
            pages.append((jpeg.getvalue(), picture.size, shown))
    return _write_pdf(pages)


__all__ = ["MAX_PAGE_PIXELS", "RENDER_DPI", "inspect_pdf", "public_pdf"]
