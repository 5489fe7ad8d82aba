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


MM = 72 / 25.4  # PDF points per millimetre


class PageReader:
    """Read one page of a bundle back: the text inside a box, and whether a box holds a drawn mark.

    A mark (circle, check) is found by comparing the rendered page with the blank base form
    rendered at the same scale: ink that the base form does not have is what the overlay drew.
    """

    def __init__(self, pdf: bytes, page: int, base_pdf: bytes, scale: float = 3.0) -> None:
        self._document = pdfium.PdfDocument(pdf)
        self._page = self._document[page - 1]
        self._height = self._page.get_height()
        self._text = self._page.get_textpage()
        self._scale = scale
        self._image = self._page.render(scale=scale, grayscale=True).to_pil()
        base = pdfium.PdfDocument(base_pdf)
        self._base = base[0].render(scale=scale, grayscale=True).to_pil()
        base.close()

    def text(self, box) -> str:
        """Return the text drawn inside a [x, y, width, height] mm box, without white space."""
        x, y, w, h = box
        left, right = x * MM, (x + w) * MM
        top, bottom = self._height - y * MM, self._height - (y + h) * MM
        return strip(self._text.get_text_bounded(left=left, bottom=bottom, right=right, top=top))

    def text_inside(self, box, tolerance: float = 0.3) -> str:
        """Return the characters whose glyphs lie wholly inside a mm box (a circle round it holds them)."""
        x, y, w, h = box
        found = []
        for index in range(self._text.count_chars()):
            left, bottom, right, top = self._text.get_charbox(index)
            inside = (
                left / MM >= x - tolerance
                and right / MM <= x + w + tolerance
                and (self._height - top) / MM >= y - tolerance
                and (self._height - bottom) / MM <= y + h + tolerance
            )
            if inside and right > left:
                found.append(self._text.get_text_range(index, 1))
        return strip("".join(found))

    def marked(self, box, margin: float = 0.6) -> bool:
        """Return whether the overlay drew ink within a box (grown by a margin in mm)."""
        x, y, w, h = box
        px = self._scale * MM
        area = (
            int((x - margin) * px),
            int((y - margin) * px),
            int((x + w + margin) * px),
            int((y + h + margin) * px),
        )
        drawn = self._image.crop(area).tobytes()
        blank = self._base.crop(area).tobytes()
        return sum(1 for a, b in zip(drawn, blank, strict=True) if b - a > 80) > 6

    def close(self) -> None:
        """Release the PDF."""
        self._document.close()
