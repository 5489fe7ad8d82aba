"""Embedded subsets lose their hinting programs but keep every outline."""

from __future__ import annotations

import io

from fontTools.ttLib import TTFont
from reportlab.pdfbase.ttfonts import TTFontFile

from madoguchi.domain.documents.fonts import IPAEX_GOTHIC, IPAMJ_MINCHO
from madoguchi.domain.documents.hinting import strip_hinting

TEXT = "国民健康保険葬祭費支給申請書被保険者記号番号0123ヨシダ"


def subset(path, text=TEXT) -> bytes:
    face = TTFontFile(str(path))
    return TTFontFile.makeSubset(face, [0, *map(ord, text)])


def outlines(font: TTFont) -> list:
    glyf = font["glyf"]
    return [glyf[name].getCoordinates(glyf)[0].array.tolist() for name in font.getGlyphOrder()]


def test_stripped_subset_keeps_outlines_and_drops_programs():
    original = subset(IPAEX_GOTHIC)
    stripped = strip_hinting(original)
    before, after = TTFont(io.BytesIO(original)), TTFont(io.BytesIO(stripped))
    assert len(stripped) < 0.75 * len(original)
    assert outlines(after) == outlines(before)
    assert "fpgm" not in after and "prep" not in after
    glyf = after["glyf"]
    for name in after.getGlyphOrder():
        glyph = glyf[name]
        assert not getattr(glyph, "program", None) or not glyph.program.getBytecode()


def test_fallback_font_subset_with_a_register_character_stays_valid():
    stripped = strip_hinting(subset(IPAMJ_MINCHO, "𠮷田"))
    font = TTFont(io.BytesIO(stripped))
    assert font["maxp"].numGlyphs == 3  # .notdef, 𠮷, 田


def test_something_that_is_not_a_font_is_left_alone():
    assert strip_hinting(b"\0\1\0\0\0\0" + b"\0" * 10) == b"\0\1\0\0\0\0" + b"\0" * 10
