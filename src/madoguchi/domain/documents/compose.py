"""Compose a PDF: draw each page's overlay, then write it over its base page with pikepdf.

Base PDFs are parsed once and cached (with their pages as compressed Form XObjects and the keys
of their fonts); identical embedded fonts of several base forms are kept once in the output.
The overlay's operators and fonts are written straight into the output PDF.
"""

from __future__ import annotations

import functools
import io
import threading
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Dictionary, Name
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from madoguchi.domain.documents.draw import Mark, Painter, Prepared
from madoguchi.domain.documents.fit import MM
from madoguchi.domain.documents.fonts import FontSet
from madoguchi.domain.documents.overlay import DocumentFonts
from madoguchi.domain.documents.sharing import font_keys, share_fonts

A4_PT = (210 * MM, 297 * MM)
_WRITING = threading.RLock()
FOOTER_SIZE = 8.0


@dataclass(frozen=True, slots=True)
class PageSpec:
    """One output page: an optional base page (PDF path, 0-based index) and what to draw on it."""

    base: tuple[Path, int] | None
    draw: Callable[[Painter], None]


@dataclass(frozen=True, slots=True)
class Composed:
    """A composed PDF and everything drawn on it."""

    pdf: bytes
    marks: tuple[Mark, ...]
    pages: int


@dataclass(frozen=True, slots=True)
class _Base:
    """A parsed base PDF and each page already wrapped as a compressed Form XObject."""

    pdf: pikepdf.Pdf
    forms: tuple[pikepdf.Object, ...]
    fonts: tuple[dict[str, bytes], ...]
    sizes: tuple[tuple[float, float], ...]  # each page's width and height in points
    origins: tuple[tuple[float, float], ...]  # where each form's box starts


# A page to write: its base page (parsed PDF, index) if any, width and height in points, and
# its overlay's content stream.
Drawn = tuple[tuple[_Base, int] | None, float, float, bytes]


@functools.lru_cache(maxsize=128)
def _open_base(path: Path, _stamp: tuple[int, int]) -> _Base:
    pdf = pikepdf.open(path)
    forms = tuple(_compressed_form(pdf, page) for page in pdf.pages)
    boxes = [[float(v) for v in page.mediabox] for page in pdf.pages]
    sizes = tuple((x1 - x0, y1 - y0) for x0, y0, x1, y1 in boxes)
    origins = tuple((float(form.BBox[0]), float(form.BBox[1])) for form in forms)
    return _Base(pdf, forms, tuple(font_keys(form) for form in forms), sizes, origins)


def _compressed_form(pdf: pikepdf.Pdf, page: pikepdf.Page) -> pikepdf.Object:
    # pikepdf wraps a page's content uncompressed; compress it once here instead of in every bundle.
    form = page.as_form_xobject()
    form.write(zlib.compress(form.read_bytes(), 6), filter=pikepdf.Name.FlateDecode)
    return form if form.is_indirect else pdf.make_indirect(form)


def _base(path: Path) -> _Base:
    stat = path.stat()
    return _open_base(path, (stat.st_mtime_ns, stat.st_size))


def base_pdf(path: Path) -> pikepdf.Pdf:
    """Return the parsed base PDF, read once and re-read only when the file changes."""
    return _base(path).pdf


def base_page_count(path: Path) -> int:
    """Return how many pages the base PDF has."""
    return len(base_pdf(path).pages)


def compose(
    pages: Sequence[PageSpec], fonts: FontSet, *, title: str, footer: Callable[[int, int], str] | None = None
) -> Composed:
    """Draw every page's overlay, add the footers, and write them over their base pages."""
    document = DocumentFonts(_registered)
    marks: list[Mark] = []
    drawn: list[Drawn] = []
    prepared: Prepared = {}
    for number, spec in enumerate(pages, start=1):
        base = None if spec.base is None else (_base(spec.base[0]), spec.base[1])
        width, height = A4_PT if base is None else base[0].sizes[base[1]]
        painter = Painter(document, fonts, number, height, prepared)
        spec.draw(painter)
        if footer is not None:
            _draw_footer(painter, footer(number, len(pages)), width)
        marks.extend(painter.marks)
        drawn.append((base, width, height, painter.content()))
    # The parsed base PDFs are shared by every thread: one writer at a time copies from them.
    with _WRITING:
        pdf = write(drawn, document, title)
    return Composed(pdf, tuple(marks), len(pages))


def _registered(name: str) -> TTFont:
    # Draw with the font registered under this name, as reportlab's canvas did.
    font = pdfmetrics.getFont(name)
    assert isinstance(font, TTFont)
    return font


def _draw_footer(painter: Painter, text: str, width: float) -> None:
    painter.set_color((0, 0, 0))
    text_width = painter.fonts.width(text, "ゴシック", FOOTER_SIZE)
    baseline = painter.height - 6 * MM
    painter.run((width - text_width) / 2, baseline, text, "ゴシック", FOOTER_SIZE)


def write(drawn: Sequence[Drawn], document: DocumentFonts, title: str) -> bytes:
    """Write the PDF: each page's base page (a Form XObject) beneath its overlay, and the fonts."""
    pdf = pikepdf.new()
    fonts = pdf.make_indirect(document.objects(pdf))
    shared: dict[bytes, pikepdf.Object] = {}
    for base, width, height, content in drawn:
        resources = Dictionary(Font=fonts)
        if base is not None:
            parsed, index = base
            copied = pdf.copy_foreign(parsed.forms[index])
            share_fonts(copied, parsed.fonts[index], shared)
            resources.XObject = Dictionary(Base=copied)
            x0, y0 = parsed.origins[index]
            # The overlay is drawn from (0, 0); shift a base page whose box does not start there.
            content = f"q 1 0 0 1 {-x0:g} {-y0:g} cm /Base Do Q\n".encode() + content
        stream = pdf.make_stream(zlib.compress(content), Filter=Name.FlateDecode)
        box = [0, 0, width, height]
        page = Dictionary(Type=Name.Page, MediaBox=box, Resources=resources, Contents=stream)
        pdf.pages.append(pikepdf.Page(page))
    pdf.docinfo[Name.Title] = title
    pdf.docinfo[Name.Creator] = "Madoguchi"
    out = io.BytesIO()
    pdf.save(
        out,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        compress_streams=False,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    return out.getvalue()
