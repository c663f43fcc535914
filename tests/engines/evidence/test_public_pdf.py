"""The public copy of a PDF is pictures of its pages and nothing else."""

from __future__ import annotations

from statistics import pvariance

import pypdfium2 as pdfium
import pytest

from phalang.engines.evidence import EvidenceError, detect, public_pdf
from tests.engines.evidence.helpers import (
    PDF_ATTACHMENT,
    PDF_AUTHOR,
    PDF_HIDDEN,
    PDF_JS,
    PDF_NOTE,
    PDF_TEXT,
    PDF_TITLE,
    locked_pdf,
    make_pdf,
)


def _texts(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def test_metadata_text_scripts_and_attachments_are_gone() -> None:
    source = make_pdf(pages=2)
    markers = [PDF_AUTHOR, PDF_TITLE, PDF_TEXT, PDF_HIDDEN, PDF_JS, PDF_NOTE]
    for marker in markers:
        assert marker.encode() in source
    assert PDF_HIDDEN in _texts(source)[0]

    public = public_pdf(source)
    for marker in markers:
        assert marker.encode() not in public
    assert PDF_ATTACHMENT not in public
    for key in (b"/Author", b"/Title", b"/Info", b"/Metadata", b"/JavaScript", b"/JS",
                b"/OpenAction", b"/EmbeddedFile", b"/Annots", b"/AcroForm", b"/Font"):
        assert key not in public
    assert _texts(public) == ["", ""]
    pdf = pdfium.PdfDocument(public)
    try:
        assert not any(pdf.get_metadata_dict().values())
        assert pdf.count_attachments() == 0
    finally:
        pdf.close()


def test_pages_keep_their_size_and_rotation() -> None:
    public = public_pdf(make_pdf(pages=2, size=(595, 842), rotate=90))
    assert detect(public).pages == 2
    pdf = pdfium.PdfDocument(public)
    try:
        width, height = pdf.get_page_size(0)
        assert (round(width), round(height)) == (842, 595)
    finally:
        pdf.close()


def _stripes_variance(data: bytes, page: int) -> float:
    """Variance of the rendered stripes at (100, 300, 200x200 pt) on an unrotated A4 page."""
    pdf = pdfium.PdfDocument(data)
    try:
        im = pdf[page].render(scale=1).to_pil().convert("L")
    finally:
        pdf.close()
    top = 842 - 500  # PDF y runs upwards
    return pvariance(list(im.crop((110, top + 10, 290, top + 190)).tobytes()))


def test_blur_applies_to_the_named_page_only() -> None:
    rect = (90 / 595, (842 - 510) / 842, 220 / 595, 220 / 842)
    public = public_pdf(make_pdf(pages=2), {1: [rect]})
    assert _stripes_variance(public, 0) > 3000
    assert _stripes_variance(public, 1) < 50


def test_blur_for_a_missing_page_is_an_error() -> None:
    with pytest.raises(ValueError, match="pages"):
        public_pdf(make_pdf(pages=1), {3: [(0.1, 0.1, 0.1, 0.1)]})


def test_broken_pdf_is_corrupt() -> None:
    source = make_pdf()
    for broken in (b"%PDF-1.7\n" + b"\x00garbage" * 50, source[:40]):
        with pytest.raises(EvidenceError) as refused:
            public_pdf(broken)
        assert refused.value.code == "corrupt"


def test_password_protected_pdf_is_refused() -> None:
    for check in (detect, public_pdf):
        with pytest.raises(EvidenceError) as refused:
            check(locked_pdf())
        assert refused.value.code == "encrypted"
        assert "รหัสผ่าน" in refused.value.message_th


def test_images_are_refused() -> None:
    with pytest.raises(EvidenceError) as refused:
        public_pdf(b"\xff\xd8\xff\xe0 not a pdf")
    assert refused.value.code == "wrong_type"
