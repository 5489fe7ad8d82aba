"""Fit text into a box: shrink to fit down to a minimum size, wrap to N lines, or 縦書き columns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

MM = 72 / 25.4
LEADING = 1.15
STEP = 0.5
# Characters that must not begin a line (行頭禁則); they hang at the end of the previous line.
NO_LINE_START = set("、。，．・：；？！）」』】〕ー～ぁぃぅぇぉっゃゅょァィゥェォッャュョ")

Widths = Callable[[str], list[float]]


@dataclass(frozen=True, slots=True)
class TextFit:
    """How a text fits its box: the size in points and the lines (or columns, for 縦書き)."""

    size: float
    lines: tuple[str, ...]


def fit_text(
    text: str,
    box_mm: tuple[float, float, float, float],
    *,
    size: float,
    min_size: float,
    lines: int,
    vertical: bool,
    widths: Widths,
) -> TextFit | None:
    """Return the largest fit from size down to min_size, or None if the text does not fit."""
    width, height = box_mm[2] * MM, box_mm[3] * MM
    if vertical:
        width, height = height, width
    char_widths = [1.0] * len(text) if vertical else widths(text)
    current = size
    while current >= min_size - 1e-9:
        wrapped = wrap(text, char_widths, width / current, lines)
        if wrapped is not None and block_height(len(wrapped), current) <= height + 0.01:
            return TextFit(current, tuple(wrapped))
        current = round(current - STEP, 2)
    return None


def block_height(count: int, size: float) -> float:
    """Return the height in points of `count` lines at this size."""
    return size * (1 + (count - 1) * LEADING) if count else 0.0


def wrap(text: str, char_widths: list[float], limit: float, max_lines: int) -> list[str] | None:
    """Break text into at most max_lines lines no wider than limit (in em); None if it cannot."""
    result: list[str] = []
    for paragraph, widths in _paragraphs(text, char_widths):
        lines = _wrap_paragraph(paragraph, widths, limit)
        if lines is None:
            return None
        result.extend(lines)
        if len(result) > max_lines:
            return None
    return result


def _paragraphs(text: str, char_widths: list[float]) -> list[tuple[str, list[float]]]:
    if "\n" not in text:
        return [(text, char_widths)]
    parts: list[tuple[str, list[float]]] = []
    start = 0
    for index, char in enumerate(text + "\n"):
        if char == "\n":
            parts.append((text[start:index], char_widths[start:index]))
            start = index + 1
    return parts


def _wrap_paragraph(text: str, widths: list[float], limit: float) -> list[str] | None:
    if sum(widths) <= limit + 1e-9:
        return [text]  # fits on one line (most values)
    if max(widths) > limit + 1e-9:
        return None
    lines: list[str] = []
    start, used = 0, 0.0
    for index, width in enumerate(widths):
        if index > start and used + width > limit + 1e-9:
            cut = _break_before(text, index, start)
            if sum(widths[cut : index + 1]) > limit + 1e-9:
                cut = index  # pushing down would overflow the next line: allow 、 at its start
            lines.append(text[start:cut])
            start, used = cut, sum(widths[cut:index])
        used += width
    lines.append(text[start:])
    return lines


def _break_before(text: str, index: int, start: int) -> int:
    """Return where to break so that no line begins with 、。）; push characters down if needed."""
    cut = index
    while cut - 1 > start and text[cut] in NO_LINE_START:
        cut -= 1
    return cut
