"""The fonts of one output document: character codes per font, then the embedded subsets as PDF objects.

Each font gets simple TrueType subset fonts of up to 255 characters, coded 1, 2, … in the order
the characters are first drawn (code 0 stays .notdef). Every subset is embedded hint-free with
its widths and a ToUnicode map, so that text can be copied and searched (𠮷 included).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

import pikepdf
from pikepdf import Array, Dictionary, Name
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.ttfonts import TTFont

SUBSET_SIZE = 256
SYMBOLIC, NONSYMBOLIC = 1 << 2, 1 << 5
# Cheapest deflate level for font programs: outlines barely compress further at higher levels.
FONT_COMPRESSION = 1


class DocumentFonts:
    """The fonts drawn in one document; `resolve` turns a registered font name into its font."""

    def __init__(self, resolve: Callable[[str], TTFont]) -> None:
        """Start with no characters drawn."""
        self._resolve = resolve
        self._fonts: dict[str, _Codes] = {}

    def encode(self, name: str, text: str) -> list[tuple[str, bytes]]:
        """Return (font resource name, codes) for each part of the text, assigning new codes."""
        codes = self._fonts.get(name)
        if codes is None:
            codes = self._fonts[name] = _Codes(self._resolve(name), len(self._fonts) + 1)
        return codes.encode(text)

    def objects(self, pdf: pikepdf.Pdf) -> Dictionary:
        """Return the /Font resource dictionary with every subset font, embedded in `pdf`."""
        fonts = Dictionary()
        for codes in self._fonts.values():
            for index, subset in enumerate(codes.subsets):
                fonts[codes.resource(index)] = _font_object(pdf, codes.font, subset, _tag(index))
        return fonts


class _Codes:
    """One font's characters in one document: code points per subset, and each character's code."""

    def __init__(self, font: TTFont, number: int) -> None:
        self.font = font
        self.number = number
        self.subsets: list[list[int]] = []
        self.codes: dict[str, tuple[int, int]] = {}

    def resource(self, subset: int) -> str:
        return f"/F{self.number}.{subset}"

    def encode(self, text: str) -> list[tuple[str, bytes]]:
        parts: list[tuple[str, bytes]] = []
        current, run = -1, bytearray()
        for char in text:
            subset, code = self.codes.get(char) or self._assign(char)
            if subset != current:
                if run:
                    parts.append((self.resource(current), bytes(run)))
                current, run = subset, bytearray()
            run.append(code)
        if run:
            parts.append((self.resource(current), bytes(run)))
        return parts

    def _assign(self, char: str) -> tuple[int, int]:
        if not self.subsets or len(self.subsets[-1]) == SUBSET_SIZE:
            self.subsets.append([0])
        last = self.subsets[-1]
        last.append(ord(char))
        found = self.codes[char] = (len(self.subsets) - 1, len(last) - 1)
        return found


def _font_object(pdf: pikepdf.Pdf, font: TTFont, subset: list[int], tag: str) -> pikepdf.Object:
    face = font.face
    base_font = Name(f"/{tag}+{face.name.decode('latin-1')}")
    program = face.makeSubset(subset)
    descriptor = Dictionary(
        Type=Name.FontDescriptor,
        FontName=base_font,
        Flags=(face.flags & ~NONSYMBOLIC) | SYMBOLIC,
        FontBBox=_numbers(face.bbox),
        ItalicAngle=face.italicAngle,
        Ascent=face.ascent,
        Descent=face.descent,
        CapHeight=face.capHeight,
        StemV=face.stemV,
        MissingWidth=face.defaultWidth,
        FontFile2=_stream(pdf, program, FONT_COMPRESSION, Length1=len(program)),
    )
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.TrueType,
            BaseFont=base_font,
            FirstChar=0,
            LastChar=len(subset) - 1,
            Widths=_numbers([face.getCharWidth(code) for code in subset]),
            FontDescriptor=pdf.make_indirect(descriptor),
            ToUnicode=_stream(pdf, to_unicode(subset), 6),
        )
    )


def _numbers(values: list[float]) -> Array:
    return Array(pikepdf.Object.parse(f"[{fp_str(*values)}]".encode()))


def _stream(pdf: pikepdf.Pdf, data: bytes, level: int, **extra: int) -> pikepdf.Stream:
    return pdf.make_stream(zlib.compress(data, level), Filter=Name.FlateDecode, **extra)


def _tag(index: int) -> str:
    """Return the six-letter subset tag of the index-th subset (AAAAAA, AAAAAB, …)."""
    letters = []
    for _ in range(6):
        index, rest = divmod(index, 26)
        letters.append(chr(ord("A") + rest))
    return "".join(reversed(letters))


def to_unicode(subset: list[int]) -> bytes:
    """Return the ToUnicode CMap of a subset: code n → subset[n] in UTF-16 (surrogates beyond the BMP)."""
    entries = [
        f"<{code:02X}> <{chr(point).encode('utf-16-be').hex().upper()}>"
        for code, point in enumerate(subset)
        if code
    ]
    blocks = []
    for start in range(0, len(entries), 100):
        block = entries[start : start + 100]
        blocks.append(f"{len(block)} beginbfchar\n" + "\n".join(block) + "\nendbfchar")
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            "<00> <FF>",
            "endcodespacerange",
            *blocks,
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    ).encode("ascii")
