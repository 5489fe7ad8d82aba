"""Compose a PDF: draw one overlay for all pages with reportlab, then lay it on the base pages with pikepdf.

Base PDFs are parsed once and cached (with their pages as compressed Form XObjects and the keys
of their fonts); identical embedded fonts of several base forms are kept once in the output.
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
from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from madoguchi.domain.documents.draw import Mark, Painter, Shown
from madoguchi.domain.documents.fit import MM
from madoguchi.domain.documents.fonts import FontSet
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


@functools.lru_cache(maxsize=128)
def _open_base(path: Path, _stamp: tuple[int, int]) -> _Base:
    pdf = pikepdf.open(path)
    forms = tuple(_compressed_form(pdf, page) for page in pdf.pages)
    return _Base(pdf, forms, tuple(font_keys(form) for form in forms))


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


def page_size(base: tuple[Path, int] | None) -> tuple[float, float]:
    """Return the page size in points (the base page's, or A4)."""
    if base is None:
        return A4_PT
    box = base_pdf(base[0]).pages[base[1]].mediabox
    return float(box[2]) - float(box[0]), float(box[3]) - float(box[1])


def compose(
    pages: Sequence[PageSpec], fonts: FontSet, *, title: str, footer: Callable[[int, int], str] | None = None
) -> Composed:
    """Draw every page's overlay, add the footers, and merge the overlays onto their base pages."""
    buffer = io.BytesIO()
    # Start with our own font so reportlab does not reference a non-embedded Helvetica on every page.
    canvas = Canvas(
        buffer, pagesize=A4_PT, invariant=True, pageCompression=1, initialFontName=fonts.name("ゴシック")
    )
    canvas.setTitle(title)
    canvas.setCreator("Madoguchi")
    marks: list[Mark] = []
    shown: Shown = {}
    for number, spec in enumerate(pages, start=1):
        width, height = page_size(spec.base)
        canvas.setPageSize((width, height))
        painter = Painter(canvas, fonts, number, height, shown)
        spec.draw(painter)
        if footer is not None:
            _draw_footer(painter, footer(number, len(pages)), width)
        painter.finish()
        marks.extend(painter.marks)
        canvas.showPage()
    # reportlab's A85 switch and the shared parsed base PDFs are process-wide: one writer at a time.
    with _WRITING:
        _save_without_ascii85(canvas)
        pdf = merge(buffer.getvalue(), pages)
    return Composed(pdf, tuple(marks), len(pages))


def _save_without_ascii85(canvas: Canvas) -> None:
    # ASCII85 only makes streams 25% larger; reportlab reads this switch when it writes them.
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        canvas.save()
    finally:
        rl_config.useA85 = saved


def _draw_footer(painter: Painter, text: str, width: float) -> None:
    painter.set_color((0, 0, 0))
    text_width = painter.fonts.width(text, "ゴシック", FOOTER_SIZE)
    baseline = painter.height - 6 * MM
    painter.run((width - text_width) / 2, baseline, text, "ゴシック", FOOTER_SIZE)


def merge(overlay: bytes, pages: Sequence[PageSpec]) -> bytes:
    """Put each base page under its overlay page and return the finished PDF."""
    pdf = pikepdf.open(io.BytesIO(overlay))
    shared: dict[bytes, pikepdf.Object] = {}
    for page, spec in zip(pdf.pages, pages, strict=True):
        if spec.base is not None:
            base = _base(spec.base[0])
            form = _underlay(pdf, page, base.forms[spec.base[1]])
            share_fonts(form, base.fonts[spec.base[1]], shared)
    out = io.BytesIO()
    pdf.save(
        out,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        compress_streams=False,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    return out.getvalue()


def _underlay(pdf: pikepdf.Pdf, page: pikepdf.Page, form: pikepdf.Object) -> pikepdf.Object:
    """Draw the base page (a Form XObject) beneath the overlay, keeping every stream compressed."""
    copied = pdf.copy_foreign(form)
    name = page.add_resource(copied, pikepdf.Name.XObject, prefix="Base")
    x0, y0 = (float(v) for v in form.BBox[:2])
    # The overlay is drawn from (0, 0); shift a base page whose box does not start there.
    command = f"q 1 0 0 1 {-x0:g} {-y0:g} cm {name} Do Q\n".encode()
    page.contents_add(pdf.make_stream(command), prepend=True)
    return copied
