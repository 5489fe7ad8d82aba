"""Compose a PDF: draw every page's overlay on a reportlab canvas, then lay each over its base page.

Base PDFs are parsed once and cached (with each page as a Form XObject and the keys of its fonts);
pikepdf places a base page beneath its overlay, and identical embedded fonts of several base forms
are kept once in the output (sharing.py).
"""

from __future__ import annotations

import functools
import io
import re
import threading
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from reportlab.pdfgen.canvas import Canvas

from madoguchi.domain.documents.draw import Mark, Painter
from madoguchi.domain.documents.fit import MM
from madoguchi.domain.documents.fonts import FontSet
from madoguchi.domain.documents.sharing import font_keys, share_fonts

A4_PT = (210 * MM, 297 * MM)
_WRITING = threading.RLock()
FOOTER_SIZE = 8.0
# A ToUnicode entry whose character lies beyond the BMP, as reportlab writes it (five or six digits).
_BEYOND_BMP = re.compile(rb"<([0-9A-F]{2})> <([0-9A-F]{5,6})>")


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
    """A parsed base PDF: each page as a Form XObject, the keys of its fonts, its size in points."""

    pdf: pikepdf.Pdf
    forms: tuple[pikepdf.Object, ...]
    fonts: tuple[dict[str, bytes], ...]
    sizes: tuple[tuple[float, float], ...]


@functools.lru_cache(maxsize=128)
def _open_base(path: Path, _stamp: tuple[int, int]) -> _Base:
    pdf = pikepdf.open(path)
    forms = tuple(_compressed_form(page) for page in pdf.pages)
    boxes = [[float(v) for v in page.mediabox] for page in pdf.pages]
    sizes = tuple((x1 - x0, y1 - y0) for x0, y0, x1, y1 in boxes)
    return _Base(pdf, forms, tuple(font_keys(form) for form in forms), sizes)


def _compressed_form(page: pikepdf.Page) -> pikepdf.Object:
    # pikepdf wraps a page's content uncompressed; compress it once here, not in every bundle.
    form = page.as_form_xobject()
    _compress(form, form.read_bytes())
    return form


def _compress(stream: pikepdf.Object, data: bytes) -> None:
    stream.write(zlib.compress(data), filter=pikepdf.Name.FlateDecode)


def _base(path: Path) -> _Base:
    stat = path.stat()
    return _open_base(path, (stat.st_mtime_ns, stat.st_size))


def base_page_count(path: Path) -> int:
    """Return how many pages the base PDF has (read once, again only when the file changes)."""
    return len(_base(path).pdf.pages)


def compose(
    pages: Sequence[PageSpec], fonts: FontSet, *, title: str, footer: Callable[[int, int], str] | None = None
) -> Composed:
    """Draw every page's overlay, add the footers, and lay the overlays over their base pages."""
    out = io.BytesIO()
    # The preamble sets the initial font: ours, so that no unembedded Helvetica is referenced.
    canvas = Canvas(out, pageCompression=1, invariant=True, initialFontName=fonts.name("ゴシック"))
    canvas.setTitle(title)
    canvas.setCreator("Madoguchi")
    marks: list[Mark] = []
    bases: list[tuple[_Base, int] | None] = []
    for number, spec in enumerate(pages, start=1):
        base = None if spec.base is None else (_base(spec.base[0]), spec.base[1])
        width, height = A4_PT if base is None else base[0].sizes[base[1]]
        canvas.setPageSize((width, height))
        painter = Painter(canvas, fonts, number, height)
        spec.draw(painter)
        if footer is not None:
            _draw_footer(painter, footer(number, len(pages)), width)
        canvas.showPage()
        marks.extend(painter.marks)
        bases.append(base)
    canvas.save()
    # The parsed base PDFs are shared by every thread: one writer at a time copies from them.
    with _WRITING:
        pdf = _over_bases(out.getvalue(), bases)
    return Composed(pdf, tuple(marks), len(pages))


def _draw_footer(painter: Painter, text: str, width: float) -> None:
    painter.set_color((0, 0, 0))
    text_width = painter.fonts.width(text, "ゴシック", FOOTER_SIZE)
    baseline = painter.height - 6 * MM
    painter.run((width - text_width) / 2, baseline, text, "ゴシック", FOOTER_SIZE)


def _over_bases(overlay: bytes, bases: Sequence[tuple[_Base, int] | None]) -> bytes:
    """Return the overlay PDF with each page's base page (if any) placed beneath it."""
    pdf = pikepdf.open(io.BytesIO(overlay))
    _utf16_beyond_bmp(pdf)
    shared: dict[bytes, pikepdf.Object] = {}
    for page, base in zip(pdf.pages, bases, strict=True):
        if base is not None:
            parsed, index = base
            form = pdf.copy_foreign(parsed.forms[index])
            share_fonts(form, parsed.fonts[index], shared)
            page.add_underlay(form, pikepdf.Rectangle(page.mediabox))
            _compress(page.obj.Contents, page.obj.Contents.read_bytes())
    saved = io.BytesIO()
    # Every stream is compressed already: qpdf compressing on save would cost 4 ms per page.
    pdf.save(
        saved,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        compress_streams=False,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    return saved.getvalue()


def _utf16_beyond_bmp(pdf: pikepdf.Pdf) -> None:
    """Write 𠮷 (U+20BB7) and other characters beyond the BMP as UTF-16 in the overlay's ToUnicode maps.

    reportlab writes their code point as five hex digits, which readers take for another character,
    so copied or searched text would be wrong.
    """
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        for font in page.obj.Resources.get("/Font", pikepdf.Dictionary()).values():
            cmap = font.get("/ToUnicode")
            if cmap is None or cmap.objgen in seen:
                continue
            seen.add(cmap.objgen)
            data = cmap.read_bytes()
            if _BEYOND_BMP.search(data):
                _compress(cmap, _BEYOND_BMP.sub(_utf16_entry, data))


def _utf16_entry(match: re.Match[bytes]) -> bytes:
    utf16 = chr(int(match[2], 16)).encode("utf-16-be").hex().upper().encode()
    return b"<" + match[1] + b"> <" + utf16 + b">"
