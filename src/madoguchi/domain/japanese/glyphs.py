"""Characters the configured fonts cannot draw, so forms can warn before printing."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError

from madoguchi.domain.japanese.errors import JapaneseInputError

# Debian fonts-ipaexfont and fonts-ipamj-mincho; the application passes its own settings when they differ.
DEFAULT_FONT_PATHS: tuple[Path, ...] = (
    Path("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf"),
    Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"),
    Path("/usr/share/fonts/truetype/ipamj/ipamjm.ttf"),
)
_NOT_DRAWN = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


@dataclass(frozen=True)
class FontCoverage:
    """The code points and variation sequences (IVS) one font file can draw."""

    code_points: frozenset[int]
    sequences: frozenset[tuple[int, int]]

    def draws(self, unit: str) -> bool:
        """Return whether the font draws a character, with its variation selector if any."""
        if len(unit) == 1:
            return ord(unit) in self.code_points
        return (ord(unit[0]), ord(unit[1])) in self.sequences


def missing_glyphs(text: str, font_paths: Sequence[str | Path] = DEFAULT_FONT_PATHS) -> list[str]:
    """Return the characters of ``text`` that no font can draw, each once, in order of appearance."""
    coverages = [font_coverage(str(path)) for path in font_paths]
    missing: dict[str, None] = {}
    for unit in _units(text):
        if not any(coverage.draws(unit) for coverage in coverages):
            missing[unit] = None
    return list(missing)


@cache
def font_coverage(path: str) -> FontCoverage:
    """Return what a font file can draw, reading its cmap once per path."""
    try:
        font = TTFont(path, lazy=True)
    except (OSError, TTLibError) as err:
        raise JapaneseInputError(f"フォント「{path}」を読めません（{type(err).__name__}）") from None
    with font:
        sequences = {
            (base, selector)
            for table in font["cmap"].tables
            if table.format == 14
            for selector, pairs in table.uvsDict.items()
            for base, _glyph in pairs
        }
        return FontCoverage(frozenset(font.getBestCmap()), frozenset(sequences))


def _units(text: str) -> Iterator[str]:
    # A variation selector belongs to the character before it (斉 + U+E0103 is one glyph).
    for index, ch in enumerate(text):
        if _is_selector(ch) or unicodedata.category(ch) in _NOT_DRAWN:
            continue
        following = text[index + 1 : index + 2]
        yield ch + following if following and _is_selector(following) else ch


def _is_selector(ch: str) -> bool:
    return 0xFE00 <= ord(ch) <= 0xFE0F or 0xE0100 <= ord(ch) <= 0xE01EF
