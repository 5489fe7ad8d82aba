"""Embedded subsets lose their hinting programs but keep every outline of reportlab's own subsets."""

from __future__ import annotations

import io

from fontTools.ttLib import TTFont
from reportlab.pdfbase.ttfonts import TTFontFace, TTFontFile

from madoguchi.domain.documents.fonts import IPAEX_GOTHIC, IPAMJ_MINCHO
from madoguchi.domain.documents.hinting import without_instructions
from madoguchi.domain.documents.subset import Subsetter

TEXT = "国民健康保険葬祭費支給申請書被保険者記号番号0123ヨシダ"


def subsets(path, text=TEXT) -> tuple[bytes, bytes]:
    """Return reportlab's subset (hinted) and ours for the same characters."""
    codes = [0, *map(ord, text)]
    return TTFontFile.makeSubset(TTFontFile(str(path)), codes), Subsetter(TTFontFace(str(path)))(codes)


def outlines(font: TTFont) -> list:
    glyf = font["glyf"]
    return [glyf[name].getCoordinates(glyf)[0].array.tolist() for name in font.getGlyphOrder()]


def test_subset_keeps_outlines_and_drops_programs():
    original, stripped = subsets(IPAEX_GOTHIC)
    before, after = TTFont(io.BytesIO(original)), TTFont(io.BytesIO(stripped))
    assert len(stripped) < 0.75 * len(original)
    assert outlines(after) == outlines(before)
    assert "fpgm" not in after and "prep" not in after
    glyf = after["glyf"]
    for name in after.getGlyphOrder():
        glyph = glyf[name]
        assert not getattr(glyph, "program", None) or not glyph.program.getBytecode()


def test_fallback_font_subset_with_a_register_character_keeps_its_outline():
    original, stripped = subsets(IPAMJ_MINCHO, "𠮷田")
    font = TTFont(io.BytesIO(stripped))
    assert font["maxp"].numGlyphs == 3  # .notdef, 𠮷, 田
    assert outlines(font) == outlines(TTFont(io.BytesIO(original)))


def test_glyph_too_short_to_hold_instructions_is_left_alone():
    assert without_instructions(b"") == (b"", ())
    assert without_instructions(b"\0\1" + b"\0" * 8) == (b"\0\1" + b"\0" * 8, ())
