"""Form layouts: where each value goes on a municipality's own PDF form.

A layout is a flat YAML file `<pack>/forms/<FORM_ID>.yaml` beside its base PDF. Boxes are
`[x, y, width, height]` in millimetres from the top-left corner of the page, as staff measure
them on paper. The format is documented in Japanese in docs/form-layout.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from madoguchi.domain.packs import Problem
from madoguchi.domain.rules import Expression

Box = tuple[float, float, float, float]

KINDS = ("text", "boxes", "check", "circle", "date")
FONTS = ("明朝", "ゴシック")
ALIGNS = ("left", "center", "right")
MARKS = ("✓", "■")
DATE_STYLES = ("parts", "wareki")

# Source classes of forms.md: R / S / E / I / C.
SOURCES: Mapping[str, str] = {
    "register": "住民記録",
    "system": "他の業務システム",
    "event": "手続の事実",
    "interview": "聞き取り",
    "resident": "本人の記入・署名",
}
RESIDENT = "resident"


@dataclass(frozen=True, slots=True)
class Field:
    """One place on a form that receives a value (or is left for the resident)."""

    id: str
    label: str
    kind: str
    source: str
    value: Expression | None
    page: int = 1
    box: Box | None = None
    font: str = "ゴシック"
    size: float = 11.0
    min_size: float = 6.0
    align: str = "left"
    lines: int = 1
    vertical: bool = False
    count: int = 0
    pitch: float = 0.0
    gap_after: int = 0
    gap: float = 0.0
    mark: str = "✓"
    options: tuple[tuple[str, Box], ...] = ()
    style: str = "wareki"
    era: tuple[tuple[str, Box], ...] = ()
    year: Box | None = None
    month: Box | None = None
    day: Box | None = None
    line: int | None = None

    @property
    def for_resident(self) -> bool:
        """Return whether the resident must write or sign this field."""
        return self.source == RESIDENT

    def boxes(self) -> tuple[Box, ...]:
        """Return every box this field may draw into."""
        parts = (self.box, self.year, self.month, self.day)
        return tuple(b for b in parts if b is not None) + tuple(b for _, b in self.options + self.era)


@dataclass(frozen=True, slots=True)
class FormLayout:
    """A form of the pack: its id, name, department, base PDF and fields."""

    form_id: str
    name: str
    department: str
    base_pdf: Path
    fields: tuple[Field, ...]
    path: Path
    # Options a printing procedure chooses (`settings:` in the layout, read as `settings.<name>`).
    settings: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def field(self, field_id: str) -> Field:
        """Return the field with this id; raise KeyError if there is none."""
        for item in self.fields:
            if item.id == field_id:
                return item
        raise KeyError(field_id)

    @property
    def pages(self) -> int:
        """Return the highest page number a field refers to."""
        return max((f.page for f in self.fields), default=1)


class LayoutError(ValueError):
    """A layout file that cannot be used; `problems` says where and why, in Japanese."""

    def __init__(self, problems: list[Problem]) -> None:
        """Keep the problems and show the first ones as the message."""
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:10])
        more = f"\n…ほか{len(problems) - 10}件" if len(problems) > 10 else ""
        super().__init__(shown + more)
