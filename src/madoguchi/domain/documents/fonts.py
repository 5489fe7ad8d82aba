"""Fonts for drawing values: IPAex 明朝/ゴシック, with IPAmj明朝 per character as fallback.

Fonts are parsed once per set of paths and kept for the life of the process (reportlab reads them
and gives the widths); every document embeds only the glyphs it draws (hint-free subsets).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from madoguchi.domain.documents.subset import Subsetter

IPAEX_MINCHO = Path("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf")
IPAEX_GOTHIC = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
IPAMJ_MINCHO = Path("/usr/share/fonts/truetype/ipamj/ipamjm.ttf")
# ゲタ記号: the printers' traditional stand-in for a character that has no type.
MISSING_MARK = "〓"
ASCENT = 0.88


@dataclass(frozen=True, slots=True)
class FontPaths:
    """The TrueType files used to draw values (a setting of the installation)."""

    mincho: Path = IPAEX_MINCHO
    gothic: Path = IPAEX_GOTHIC
    fallback: Path = IPAMJ_MINCHO


class FontSet:
    """Registered fonts for one FontPaths; splits text into runs per font, measures widths."""

    def __init__(self, paths: FontPaths) -> None:
        """Parse the main fonts now; the large fallback font is parsed on first use."""
        _fix_to_unicode_beyond_bmp()
        self.paths = paths
        self._main = {"明朝": _register(paths.mincho), "ゴシック": _register(paths.gothic)}
        # Characters the main fonts draw, to send most text through in one run without a loop.
        self._covers = {
            style: frozenset(map(chr, font.face.charToGlyph)) for style, font in self._main.items()
        }
        # Each character's width at 1 pt per style, measured once (at most every character once).
        self._widths: dict[str, dict[str, float]] = {style: {} for style in self._main}

    def name(self, style: str) -> str:
        """Return the registered reportlab name of 明朝 or ゴシック."""
        return str(self._main[style].fontName)

    @functools.cached_property
    def fallback(self) -> TTFont:
        """Return the fallback font (IPAmj明朝), parsed once."""
        return _register(self.paths.fallback)

    def font_for(self, char: str, style: str) -> TTFont | None:
        """Return the font that draws this character, or None if no font has it."""
        main = self._main[style]
        if ord(char) in main.face.charToGlyph or char in " \u3000":
            return main
        if ord(char) in self.fallback.face.charToGlyph:
            return self.fallback
        return None

    def runs(self, text: str, style: str) -> list[tuple[str, str]]:
        """Split text into (font name, text) runs; characters no font has become 〓."""
        text = drawable(text)
        if self._covers[style].issuperset(text):
            return [(self.name(style), text)]
        runs: list[tuple[str, str]] = []
        for char in text:
            font = self.font_for(char, style)
            name, drawn = (font.fontName, char) if font else (self.name(style), MISSING_MARK)
            if runs and runs[-1][0] == name:
                runs[-1] = (name, runs[-1][1] + drawn)
            else:
                runs.append((name, drawn))
        return runs

    def not_in_main_fonts(self, text: str) -> str:
        """Return the characters neither main font draws; the whole text if it has variation selectors."""
        if _SELECTORS.search(text):
            return text
        covered = self._covers["明朝"]
        return "".join(char for char in text if char not in covered and char not in "\n\t ")

    def measure(self, style: str) -> Callable[[str], list[float]]:
        """Return a function giving each character's width at 1 pt in this style."""

        known = self._widths[style]

        def widths(text: str) -> list[float]:
            try:
                return [known[char] for char in text]
            except KeyError:
                return [self._char_width(char, style) for char in text]

        return widths

    def _char_width(self, char: str, style: str) -> float:
        width = self._widths[style].get(char)
        if width is None:
            width = self._widths[style][char] = self._measure(char, style)
        return width

    def _measure(self, char: str, style: str) -> float:
        if _is_selector(char):
            return 0.0
        font = self.font_for(char, style)
        if font is None:
            return float(self._main[style].stringWidth(MISSING_MARK, 1.0))
        return float(font.stringWidth(char, 1.0))

    def width(self, text: str, style: str, size: float) -> float:
        """Return the width in points of the text drawn at this size."""
        return self._width(text, style) * size

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one FontSet per paths lives for the process
    def _width(self, text: str, style: str) -> float:
        return sum(self.measure(style)(text))


_BEYOND_BMP = re.compile(r"<([0-9A-F]{2})> <([0-9A-F]{5,6})>")


def _utf16_entry(match: re.Match[str]) -> str:
    return f"<{match[1]}> <{chr(int(match[2], 16)).encode('utf-16-be').hex().upper()}>"


def _fix_to_unicode_beyond_bmp() -> None:
    """Make reportlab write 𠮷 (U+20BB7) and other non-BMP characters as UTF-16 in ToUnicode maps.

    reportlab writes the code point as five hex digits, which readers take for another character,
    so copied or searched text would be wrong. We rewrite those entries after it builds the map.
    Our forms write their own maps (overlay.py); this is for PDFs reportlab writes itself with these
    registered faces (the counter's checklist shares them).
    """
    original = ttfonts.makeToUnicodeCMap
    if getattr(original, "_madoguchi_fixed", False):
        return

    def make(fontname: str, subset: list[int]) -> str:
        return _BEYOND_BMP.sub(_utf16_entry, original(fontname, subset))

    make._madoguchi_fixed = True  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = make


def drawable(text: str) -> str:
    """Return the text without variation selectors, which reportlab cannot apply (base glyph drawn)."""
    return _SELECTORS.sub("", text) if _SELECTORS.search(text) else text


_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")


def _is_selector(char: str) -> bool:
    return _SELECTORS.match(char) is not None


def _register(path: Path) -> TTFont:
    """Parse a TrueType file once and register it with reportlab under a stable unique name."""
    digest = hashlib.sha1(str(path).encode(), usedforsecurity=False).hexdigest()[:8]
    name = f"{path.stem}-{digest}"
    try:
        font = pdfmetrics.getFont(name)
    except KeyError:
        font = TTFont(name, str(path))
        # Hint-free subsets (about half the bytes), built from glyphs prepared once.
        font.face.makeSubset = Subsetter(font.face)
        pdfmetrics.registerFont(font)
    assert isinstance(font, TTFont)
    return font


@functools.lru_cache(maxsize=4)
def font_set(paths: FontPaths = FontPaths()) -> FontSet:
    """Return the FontSet for these paths, built once per process."""
    return FontSet(paths)
