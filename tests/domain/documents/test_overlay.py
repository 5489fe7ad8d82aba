"""The overlay drawn with reportlab: subset fonts, text of register characters, marks drawn as shapes."""

from __future__ import annotations

import dataclasses
import io

import pikepdf
import pypdfium2 as pdfium
from PIL import Image

from madoguchi.domain.documents import render_form
from madoguchi.domain.documents.compose import PageSpec, compose
from madoguchi.domain.documents.fonts import font_set

from .conftest import TODAY
from .readers import fonts_in, page_texts

# Kanji from the start of the CJK block; 300 different ones need two subset fonts (255 each).
KANJI = range(0x4E00, 0x9FA0)


def test_register_characters_are_mapped_to_text_as_utf16_surrogates():
    def draw(painter):
        painter.run(40, 60, "𠮷田", "明朝", 12)

    pdf = compose([PageSpec(None, draw)], font_set(), title="gaiji").pdf
    assert page_texts(pdf) == ["𠮷田"]
    with pikepdf.open(io.BytesIO(pdf)) as document:
        cmaps = [font.ToUnicode.read_bytes() for font in document.pages[0].Resources.Font.values()]
    assert any(b"<D842DFB7>" in cmap for cmap in cmaps)


def test_text_spanning_two_subset_fonts_reads_back_whole():
    fonts = font_set()
    present = "".join([c for c in map(chr, KANJI) if not fonts.not_in_main_fonts(c)][:300])
    assert len(present) == 300

    def draw(painter):
        painter.set_color((0, 0, 0))
        for row in range(0, len(present), 30):
            painter.run(40, 60 + row, present[row : row + 30], "明朝", 9)

    pdf = compose([PageSpec(None, draw)], fonts, title="many").pdf
    assert page_texts(pdf) == [present]
    names = [name for name, _ in fonts_in(pdf)]
    assert sorted(names) == ["/AAAAAA+IPAexMincho", "/AAAAAB+IPAexMincho"]


def test_square_mark_fills_its_box(layouts, yoshida):
    layout = layouts["F_O01"]
    ticked = render_form(layout, yoshida, today=TODAY)
    checked = [f.field for f in ticked.form.fields if f.checked]
    assert checked
    squares = dataclasses.replace(
        layout, fields=tuple(dataclasses.replace(f, mark="■") if f in checked else f for f in layout.fields)
    )
    filled = render_form(squares, yoshida, today=TODAY)
    field = checked[0]
    assert darkness(filled.pdf, field.box) > 0.5 > darkness(ticked.pdf, field.box)
    assert [m.text for m in filled.marks if m.field_id == field.id] == ["■"]


def darkness(pdf: bytes, box) -> float:
    """Return the share of dark pixels in the middle half of the box (mm from the top-left)."""
    document = pdfium.PdfDocument(pdf)
    scale = 200 / 72
    image: Image.Image = document[0].render(scale=scale, grayscale=True).to_pil().convert("L")
    document.close()
    x, y, w, h = (v * 72 / 25.4 * scale for v in box)
    middle = image.crop((round(x + w / 4), round(y + h / 4), round(x + 3 * w / 4), round(y + 3 * h / 4)))
    histogram = middle.histogram()
    return sum(histogram[:128]) / sum(histogram)
