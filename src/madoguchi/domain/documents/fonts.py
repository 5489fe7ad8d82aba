"""Fonts for drawing values: IPAex 明朝/ゴシック, with IPAmj明朝 per character as fallback.

Fonts are parsed and registered with reportlab once per set of paths and kept for the life of the
process; reportlab embeds in every document only the glyphs it draws.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset, ttLib
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from madoguchi.domain.japanese.glyphs import font_coverage

IPAEX_MINCHO = Path("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf")
IPAEX_GOTHIC = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
IPAMJ_MINCHO = Path("/usr/share/fonts/truetype/ipamj/ipamjm.ttf")
# ゲタ記号: the printers' traditional stand-in for a character that has no type.
MISSING_MARK = "〓"
ASCENT = 0.88
_REGISTERING = threading.Lock()


@dataclass(frozen=True, slots=True)
class FontPaths:
    """The TrueType files used to draw values (a setting of the installation)."""

    mincho: Path = IPAEX_MINCHO
    gothic: Path = IPAEX_GOTHIC
    fallback: Path = IPAMJ_MINCHO


class FontSet:
    """Registered fonts for one FontPaths; splits text into runs per font, measures widths."""

    def __init__(self, paths: FontPaths) -> None:
        """Parse the main fonts now; the fallback font is read per character on first use."""
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

    def font_for(self, char: str, style: str) -> TTFont | None:
        """Return the font that draws this character, or None if no font has it."""
        main = self._main[style]
        if ord(char) in main.face.charToGlyph or char in " \u3000":
            return main
        if ord(char) in font_coverage(str(self.paths.fallback)).code_points:
            return _fallback_character(self.paths.fallback, char)
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


def drawable(text: str) -> str:
    """Return the text without variation selectors, which reportlab cannot apply (base glyph drawn)."""
    return _SELECTORS.sub("", text) if _SELECTORS.search(text) else text


_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")


def _is_selector(char: str) -> bool:
    return _SELECTORS.match(char) is not None


def _register(path: Path) -> TTFont:
    """Parse a TrueType file once and register it with reportlab under a stable unique name."""
    return _registered(_name(path), lambda: str(path))


def _fallback_character(path: Path, char: str) -> TTFont:
    """Return a font of this one character cut from the fallback font, made and registered once.

    reportlab copies a font's whole glyph table into every document's subset: for the 46 MB
    IPAmj明朝 that is 60 ms per document, for a font of one glyph nothing.
    """
    return _registered(f"{_name(path)}-{ord(char):X}", lambda: _one_character(path, char))


def _one_character(path: Path, char: str) -> io.BytesIO:
    font = ttLib.TTFont(path, lazy=True)
    options = subset.Options(hinting=False, layout_features=[], notdef_outline=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(char)])
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    out.seek(0)
    return out


def _name(path: Path) -> str:
    digest = hashlib.sha1(str(path).encode(), usedforsecurity=False).hexdigest()[:8]
    return f"{path.stem}-{digest}"


def _registered(name: str, source: Callable[[], str | io.BytesIO]) -> TTFont:
    """Return the font registered under this name, parsing and registering it the first time."""
    with _REGISTERING:
        try:
            font = pdfmetrics.getFont(name)
        except KeyError:
            font = TTFont(name, source())
            pdfmetrics.registerFont(font)
    assert isinstance(font, TTFont)
    return font


@functools.lru_cache(maxsize=4)
def font_set(paths: FontPaths = FontPaths()) -> FontSet:
    """Return the FontSet for these paths, built once per process."""
    return FontSet(paths)
