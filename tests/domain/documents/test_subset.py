"""Subsets built from glyphs prepared once: valid fonts, same outlines and widths, no hinting."""

from __future__ import annotations

import io
import struct

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables import ttProgram
from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent
from reportlab.pdfbase.ttfonts import TTFontFace

from madoguchi.domain.documents.fonts import IPAEX_GOTHIC, IPAMJ_MINCHO
from madoguchi.domain.documents.subset import Subsetter

TEXT = "国民健康保険葬祭費支給申請書被保険者記号番号0123ヨシダ"


def parsed(font: bytes) -> TTFont:
    """Parse the subset, failing on any wrong table checksum."""
    return TTFont(io.BytesIO(font), checkChecksums=2)


def drawn(font: TTFont, code: int) -> tuple[list, int]:
    """Return the outline and advance width of the glyph that draws this code (subsets: Mac cmap)."""
    name = (font.getBestCmap() or font["cmap"].getcmap(1, 0).cmap)[code]
    glyf = font["glyf"]
    return glyf[name].getCoordinates(glyf)[0].array.tolist(), font["hmtx"][name][0]


def test_subset_draws_each_character_as_the_whole_font_does():
    codes = [0, 32, *dict.fromkeys(map(ord, TEXT))]
    font = parsed(Subsetter(TTFontFace(str(IPAEX_GOTHIC)))(codes))
    whole = TTFont(str(IPAEX_GOTHIC), lazy=True)
    assert font["maxp"].numGlyphs == len(codes)  # .notdef and space are in the subset already
    for code, char in enumerate(codes):
        if char:
            assert drawn(font, code) == drawn(whole, char), chr(char)


def test_subset_has_no_hinting_and_a_valid_file_checksum():
    subset = Subsetter(TTFontFace(str(IPAEX_GOTHIC)))([0, *map(ord, "葬祭費")])
    font = parsed(subset)
    assert not {"fpgm", "prep", "cvt "} & set(font.keys())
    for name in font.getGlyphOrder():
        program = getattr(font["glyf"][name], "program", None)
        assert program is None or not program.getBytecode()
    words = struct.unpack(f">{len(subset) // 4}L", subset)
    assert sum(words) & 0xFFFFFFFF == 0xB1B0AFBA


def test_register_character_from_the_fallback_font():
    font = parsed(Subsetter(TTFontFace(str(IPAMJ_MINCHO)))([0, 0x20BB7, ord("田")]))
    assert font["maxp"].numGlyphs == 3
    assert drawn(font, 1) == drawn(TTFont(str(IPAMJ_MINCHO), lazy=True), 0x20BB7)


def test_composite_glyph_brings_its_components_renumbered_and_loses_its_instructions():
    font = parsed(Subsetter(TTFontFace(io.BytesIO(font_with_a_composite())))([0, ord("B")]))
    glyf = font["glyf"]
    pair = glyf[font["cmap"].getcmap(1, 0).cmap[1]]
    assert pair.isComposite()
    assert len(font.getGlyphOrder()) == 3  # .notdef, the pair, and the box it is made of
    assert not getattr(pair, "program", None) or not pair.program.getBytecode()
    coordinates = pair.getCoordinates(glyf)[0].array.tolist()
    box = [100, 0, 100, 500, 400, 500, 400, 0]
    assert coordinates == box + [v + 500 * (i % 2 == 0) for i, v in enumerate(box)]


def font_with_a_composite() -> bytes:
    """Return a small TrueType font: "A" is a hinted box, "B" two boxes side by side (a composite)."""
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "box", "pair"])
    builder.setupCharacterMap({ord("A"): "box", ord("B"): "pair"})
    pen = TTGlyphPen(None)
    for point in ((100, 0), (100, 500), (400, 500), (400, 0)):
        (pen.lineTo if pen.points else pen.moveTo)(point)
    pen.closePath()
    box = pen.glyph()
    box.program = program(b"\xb0\x01")
    pair = Glyph()
    pair.numberOfContours = -1
    pair.components = [component("box", 0), component("box", 500)]
    pair.program = program(b"\xb0\x02")
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "box": box, "pair": pair})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "box": (500, 100), "pair": (1000, 100)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Composite Test", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.setupMaxp()
    builder.font["fpgm"] = newTable("fpgm")
    builder.font["fpgm"].program = program(b"\xb0\x00")
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def program(code: bytes) -> ttProgram.Program:
    result = ttProgram.Program()
    result.fromBytecode(code)
    return result


def component(name: str, x: int) -> GlyphComponent:
    result = GlyphComponent()
    result.glyphName, result.x, result.y, result.flags = name, x, 0, 0x4
    return result
