"""Read rendered PDFs the way a person (or a PDF reader) would."""

from __future__ import annotations

import io
import re

import pikepdf
import pypdfium2 as pdfium

from madoguchi.domain.documents.fill import FILLED, OVERFLOW_TEXT

SUBSET_PREFIX = re.compile(r"^/[A-Z]{6}\+")


def page_texts(pdf: bytes) -> list[str]:
    """Return the extracted text of each page with all white space removed."""
    document = pdfium.PdfDocument(pdf)
    texts = []
    for page in document:
        text = page.get_textpage().get_text_range()
        texts.append(re.sub(r"\s+", "", text))
    document.close()
    return texts


def fonts_in(pdf: bytes) -> list[tuple[str, bool]]:
    """Return (BaseFont, embedded as a TrueType program) for every font the pages use."""
    found: dict[tuple[int, int], tuple[str, bool]] = {}
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for font in _fonts(page.obj.get("/Resources")):
                leaf = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = leaf.get("/FontDescriptor")
                embedded = descriptor is not None and "/FontFile2" in descriptor
                found[font.objgen] = (str(font.BaseFont), embedded)
    return list(found.values())


def _fonts(resources, depth=0):
    if resources is None or depth > 5:
        return []
    fonts = list(resources.get("/Font", {}).values())
    for xobject in resources.get("/XObject", {}).values():
        if xobject.get("/Subtype") == "/Form":
            fonts += _fonts(xobject.get("/Resources"), depth + 1)
    return fonts


def strip(text: str) -> str:
    """Remove white space, as page_texts does."""
    return re.sub(r"\s+", "", text)


def expected_texts(filled) -> list[str]:
    """Return the strings a reader must find on the form page for one filled field."""
    if filled.status != FILLED or filled.field.kind in ("check", "circle"):
        return []
    if filled.overflow:
        return [OVERFLOW_TEXT]
    if filled.date is not None:
        return [filled.date.year, filled.date.month, filled.date.day]
    return [strip(filled.text)]
