"""Turn one field mapping of a layout file into a Field, recording problems with their lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from madoguchi.domain.documents import layout as lay
from madoguchi.domain.documents.functions import FUNCTIONS
from madoguchi.domain.packs import Problem
from madoguchi.domain.rules import Expression, RuleError, compile_expression

PAGE_MM = (210.0, 297.0)


@dataclass
class Reader:
    """Collects problems while one layout file is read."""

    file: str
    lines: dict[tuple[int, str], int]
    problems: list[Problem] = field(default_factory=list)

    def problem(self, index: int, key: str, message: str) -> None:
        """Record a problem at the line of a field's key (or the field itself)."""
        line = self.lines.get((index, key)) or self.lines.get((index, ""))
        self.problems.append(Problem(self.file, line, message))


@dataclass
class _Item:
    """One field mapping being read, with what is needed to report its problems."""

    index: int
    data: dict[str, Any]
    where: str
    reader: Reader

    def problem(self, key: str, message: str) -> None:
        self.reader.problem(self.index, key, f"{self.where}: {message}")

    def number(self, key: str, default: float, low: float, high: float) -> float:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            self.problem(key, f"{key} は {low:g}〜{high:g} の数で書いてください（{value!r}）")
            return default
        return float(value)

    def integer(self, key: str, default: int, low: int, high: int) -> int:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem(key, f"{key} は {low}〜{high} の整数で書いてください（{value!r}）")
            return default
        return value

    def choice(self, key: str, default: str, allowed: tuple[str, ...]) -> str:
        value = self.data.get(key, default)
        if value not in allowed:
            self.problem(key, f"{key}「{value}」は使えません（{' / '.join(allowed)}）")
            return default
        return str(value)

    def box(self, key: str, value: object = None, *, required: bool = True) -> lay.Box | None:
        value = self.data.get(key) if value is None else value
        if value is None:
            if required:
                self.problem(key, f"{key}（[x, y, 幅, 高さ] mm）を書いてください")
            return None
        return _box(self, key, value)

    def option_boxes(self, key: str, minimum: int) -> tuple[tuple[str, lay.Box], ...]:
        value = self.data.get(key)
        if not isinstance(value, dict) or len(value) < minimum:
            self.problem(
                key, f"{key} には選択肢ごとに「選択肢: [x, y, 幅, 高さ]」を{minimum}つ以上書いてください"
            )
            return ()
        boxes = ((str(label), self.box(key, b)) for label, b in value.items())
        return tuple((label, b) for label, b in boxes if b is not None)


def _box(item: _Item, key: str, value: object) -> lay.Box | None:
    numbers = value if isinstance(value, list) else []
    if len(numbers) != 4 or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in numbers):
        item.problem(
            key, f"{key} は [x, y, 幅, 高さ] の4つの数（mm、用紙の左上から）で書いてください（{value!r}）"
        )
        return None
    x, y, w, h = (float(v) for v in numbers)
    if w <= 0 or h <= 0 or x < 0 or y < 0 or x + w > PAGE_MM[0] or y + h > PAGE_MM[1]:
        item.problem(key, f"{key} {numbers} が用紙（A4 210×297mm）の外にはみ出すか、幅・高さが0以下です")
        return None
    return (x, y, w, h)


def compile_value(item: _Item) -> Expression | None:
    """Compile a field's value expression, recording a problem if it is not valid."""
    text = item.data.get("value")
    if isinstance(text, bool | int | float):
        text = str(text).lower()
    if not isinstance(text, str) or not text.strip():
        item.problem("value", "value（値の式）を書いてください")
        return None
    try:
        return compile_expression(text, functions=FUNCTIONS)
    except RuleError as err:
        item.problem("value", f"値の式「{text}」を読めません（{err}）")
        return None


def field_from_mapping(
    index: int, data: dict[str, Any], kind: str, fid: str, where: str, reader: Reader
) -> lay.Field | None:
    """Build a Field from its mapping; problems are recorded on the reader."""
    item = _Item(index, data, where, reader)
    source = item.choice("source", "", tuple(lay.SOURCES))
    if source == lay.RESIDENT:
        _check_resident_has_no_value(item)
    value = None if source == lay.RESIDENT else compile_value(item)
    common: dict[str, Any] = {
        "id": fid,
        "label": str(data.get("label", fid)),
        "kind": kind,
        "source": source,
        "value": value,
        "page": item.integer("page", 1, 1, 50),
        "line": reader.lines.get((index, "")),
    }
    extra = _KIND_READERS[kind](item)
    return lay.Field(**common, **extra)


def _check_resident_has_no_value(item: _Item) -> None:
    if str(item.data.get("value") or "").strip():
        item.problem("value", "source: resident（本人が記入・署名）の項目には value を書かないでください")


def _text_style(item: _Item) -> dict[str, Any]:
    size = item.number("size", 11.0, 4.0, 72.0)
    min_size = item.number("min_size", min(6.0, size), 3.0, 72.0)
    if min_size > size:
        item.problem("min_size", f"min_size {min_size:g} が size {size:g} より大きくなっています")
    return {
        "font": item.choice("font", "ゴシック", lay.FONTS),
        "size": size,
        "min_size": min(min_size, size),
        "align": item.choice("align", "left", lay.ALIGNS),
    }


def _read_text(item: _Item) -> dict[str, Any]:
    vertical = item.data.get("vertical", False)
    if not isinstance(vertical, bool):
        item.problem("vertical", "vertical は true か false で書いてください")
    return {
        **_text_style(item),
        "box": item.box("box"),
        "lines": item.integer("lines", 1, 1, 40),
        "vertical": vertical is True,
    }


def _read_boxes(item: _Item) -> dict[str, Any]:
    box = item.box("box")
    count = item.integer("count", 1, 1, 100)
    pitch_default = box[2] / count if box else 5.0
    return {
        "box": box,
        "count": count,
        "pitch": item.number("pitch", pitch_default, 1.0, 50.0),
        "gap_after": item.integer("gap_after", 0, 0, 100),
        "gap": item.number("gap", 0.0, 0.0, 50.0),
        "font": item.choice("font", "ゴシック", lay.FONTS),
        "size": item.number("size", 11.0, 4.0, 72.0),
    }


def _read_check(item: _Item) -> dict[str, Any]:
    return {"box": item.box("box"), "mark": item.choice("mark", "✓", lay.MARKS)}


def _read_circle(item: _Item) -> dict[str, Any]:
    return {"options": item.option_boxes("options", 2)}


def _read_date(item: _Item) -> dict[str, Any]:
    style = item.choice("style", "wareki", lay.DATE_STYLES)
    parts: dict[str, Any] = {"style": style, **_text_style(item)}
    if style == "wareki":
        return {**parts, "box": item.box("box")}
    era = item.option_boxes("era", 1) if "era" in item.data else ()
    return {**parts, "era": era, **{key: item.box(key) for key in ("year", "month", "day")}}


_KIND_READERS = {
    "text": _read_text,
    "boxes": _read_boxes,
    "check": _read_check,
    "circle": _read_circle,
    "date": _read_date,
}
