"""Pages we write ourselves (cover sheet, attachment 別紙, signature guide): lines flowed onto A4."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from madoguchi.domain.documents.draw import Painter
from madoguchi.domain.documents.fill import FilledForm
from madoguchi.domain.documents.fit import LEADING, MM, TextFit, wrap
from madoguchi.domain.documents.fonts import FontSet

LEFT, WIDTH, TOP, BOTTOM = 18.0, 174.0, 18.0, 280.0


@dataclass(frozen=True, slots=True)
class Line:
    """A paragraph of a sheet: its text, size in points, indent and space before, in mm."""

    text: str
    size: float = 10.5
    indent: float = 0.0
    space_before: float = 0.0
    field_id: str = ""
    rule: bool = False


@dataclass(frozen=True, slots=True)
class _Placed:
    line: Line
    pieces: tuple[str, ...]
    top: float


def paginate(lines: Sequence[Line], fonts: FontSet) -> list[list[_Placed]]:
    """Wrap the lines to the page width and cut them into pages."""
    pages: list[list[_Placed]] = [[]]
    top = TOP
    for line in lines:
        limit = (WIDTH - line.indent) * MM / line.size
        pieces = wrap(line.text, fonts.measure("ゴシック")(line.text), limit, 10_000) or [line.text]
        height = (len(pieces) * line.size * LEADING) / MM
        top += line.space_before if pages[-1] else 0
        if top + height > BOTTOM and pages[-1]:
            pages.append([])
            top = TOP
        pages[-1].append(_Placed(line, tuple(pieces), top))
        top += height
    return pages


def page_drawers(lines: Sequence[Line], fonts: FontSet) -> list[Callable[[Painter], None]]:
    """Return one drawing function per page needed for these lines."""
    return [_drawer(page) for page in paginate(lines, fonts)]


def _drawer(placed: list[_Placed]) -> Callable[[Painter], None]:
    def draw(painter: Painter) -> None:
        painter.set_color((0, 0, 0))
        for item in placed:
            line = item.line
            box = (
                LEFT + line.indent,
                item.top,
                WIDTH - line.indent,
                len(item.pieces) * line.size * LEADING / MM,
            )
            painter.lines(
                line.field_id or "sheet", "sheet", TextFit(line.size, item.pieces), box, "ゴシック", "left"
            )
            if line.rule:
                y = painter.height - (box[1] + box[3] + 0.8) * MM
                painter.line(LEFT * MM, y, (LEFT + WIDTH) * MM, y, 0.6)

    return draw


def attachment_lines(form: FilledForm) -> list[Line]:
    """Return the lines of the attachment (別紙) that holds the texts too long for their boxes."""
    lines = [Line(f"別紙（{form.layout.name}）", size=15, rule=True)]
    for filled in form.attachments:
        lines.append(Line(f"【{filled.field.label}】", size=11, space_before=5))
        lines.append(Line(filled.text, size=11, indent=4, space_before=1, field_id=filled.field.id))
    return lines
