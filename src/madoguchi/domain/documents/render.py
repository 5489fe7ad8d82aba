"""Render one form filled from case data: its base pages with the values drawn on, then any 別紙."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from madoguchi.domain.documents.compose import PageSpec, base_page_count, compose
from madoguchi.domain.documents.draw import Mark, Painter, draw_form_page, field_numbering
from madoguchi.domain.documents.fill import FilledForm, fill_form
from madoguchi.domain.documents.fonts import FontPaths, FontSet, font_set
from madoguchi.domain.documents.layout import FormLayout
from madoguchi.domain.documents.sheets import attachment_lines, page_drawers


@dataclass(frozen=True, slots=True)
class RenderedForm:
    """A rendered form: the PDF, what was filled, what was drawn where."""

    pdf: bytes
    form: FilledForm
    marks: tuple[Mark, ...]
    pages: int

    @property
    def warnings(self) -> tuple[str, ...]:
        """Return the Japanese warnings: overflows, missing characters, values that failed."""
        return self.form.warnings


def render_form(
    layout: FormLayout,
    data: Mapping[str, object],
    *,
    today: dt.date,
    fonts: FontPaths = FontPaths(),  # noqa: B008 - frozen, hashable default
    footer: str | None = None,
) -> RenderedForm:
    """Fill the form from the case data and return the finished PDF."""
    font_cache = font_set(fonts)
    filled = fill_form(layout, data, today, font_cache)
    pages = form_pages(filled, field_numbering(list(layout.fields)), font_cache)
    foot = (lambda n, total: f"{footer}　{n} / {total}") if footer else None
    composed = compose(pages, font_cache, title=layout.name, footer=foot)
    return RenderedForm(composed.pdf, filled, composed.marks, composed.pages)


def form_pages(filled: FilledForm, numbers: dict[str, int], fonts: FontSet) -> list[PageSpec]:
    """Return the pages of one filled form: each base page, then its 別紙 pages if any."""
    layout = filled.layout
    pages = [
        PageSpec((layout.base_pdf, index), _form_drawer(filled, index + 1, numbers))
        for index in range(base_page_count(layout.base_pdf))
    ]
    if filled.attachments:
        pages += [PageSpec(None, draw) for draw in page_drawers(attachment_lines(filled), fonts)]
    return pages


def _form_drawer(filled: FilledForm, page: int, numbers: dict[str, int]) -> Callable[[Painter], None]:
    def draw(painter: Painter) -> None:
        draw_form_page(painter, filled, page, numbers)

    return draw
