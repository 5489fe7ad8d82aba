"""Work out what goes into each field of a form for some case data, before anything is drawn."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from madoguchi.domain.documents.fit import TextFit, fit_text
from madoguchi.domain.documents.fonts import FontSet
from madoguchi.domain.documents.functions import as_date
from madoguchi.domain.documents.layout import Field, FormLayout
from madoguchi.domain.japanese import format_wareki, missing_glyphs, wareki_parts
from madoguchi.domain.rules import UNKNOWN, RuleError

OVERFLOW_TEXT = "別紙のとおり"

# Status of a filled field. UNMARKED: a check box the case's data decided to leave blank (another
# option applies), neither pre-filled nor left for the resident.
FILLED, EMPTY, RESIDENT, ERROR, UNMARKED = "filled", "empty", "resident", "error", "unmarked"


@dataclass(frozen=True, slots=True)
class DateParts:
    """A date split for era / year / month / day boxes."""

    era: str
    year: str
    month: str
    day: str


@dataclass(frozen=True, slots=True)
class FilledField:
    """A field with its value worked out: the text to draw, the option to mark, or why not."""

    field: Field
    status: str
    text: str = ""
    checked: bool = False
    date: DateParts | None = None
    fit: TextFit | None = None
    overflow: bool = False
    message: str = ""

    @property
    def characters(self) -> int:
        """Return how many characters the resident no longer writes by hand for this field."""
        if self.status != FILLED:
            return 0
        if self.date is not None:
            return len(self.date.year + self.date.month + self.date.day) + (2 if self.field.era else 0)
        if self.field.kind == "check":
            return 1
        return len(self.text.replace(" ", "").replace("\u3000", "").replace("\n", ""))


@dataclass(frozen=True, slots=True)
class FilledForm:
    """A form with every field worked out; `attachments` hold texts too long for their boxes."""

    layout: FormLayout
    fields: tuple[FilledField, ...]
    missing: tuple[str, ...]

    @property
    def attachments(self) -> tuple[FilledField, ...]:
        """Return the fields whose full text goes onto the attachment page (別紙)."""
        return tuple(f for f in self.fields if f.overflow)

    @property
    def warnings(self) -> tuple[str, ...]:
        """Return the Japanese warnings (errors, overflows, missing characters) of this form."""
        name = self.layout.name
        found = [f"{name}「{f.field.label}」: {f.message}" for f in self.fields if f.status == ERROR]
        found += [f"{name}「{f.field.label}」: 枠に収まらないため別紙に印字します" for f in self.attachments]
        found += [f"{name}: 印字できない文字 {c}（U+{ord(c):04X}）があります" for c in self.missing]
        return tuple(found)


def fill_form(layout: FormLayout, data: Mapping[str, object], today: dt.date, fonts: FontSet) -> FilledForm:
    """Evaluate every field of the layout over the case data and fit its text."""
    facts = {**data, "today": today}
    fields = tuple(fill_field(f, facts, fonts) for f in layout.fields)
    text = "".join(f.text + (f.date.era if f.date else "") for f in fields)
    # Only characters the main fonts lack (and any variation sequence) need the full check.
    rare = fonts.not_in_main_fonts(text)
    paths = (fonts.paths.mincho, fonts.paths.gothic, fonts.paths.fallback)
    return FilledForm(layout, fields, tuple(missing_glyphs(rare, paths)) if rare else ())


def fill_field(field: Field, facts: Mapping[str, object], fonts: FontSet) -> FilledField:
    """Return the filled field, never raising: a value that cannot be computed becomes an error."""
    if field.for_resident or field.value is None:
        return FilledField(field, RESIDENT if field.for_resident else EMPTY)
    try:
        value = field.value.value(facts)
        return _shape(field, value, fonts)
    except (RuleError, TypeError, ValueError) as err:
        return FilledField(field, ERROR, message=f"値を計算できません（{err}）")


def _shape(field: Field, value: object, fonts: FontSet) -> FilledField:
    if value is UNKNOWN or value is None or value == "":
        return FilledField(field, EMPTY)
    if field.kind == "check":
        if value is False:
            return FilledField(field, UNMARKED)
        return FilledField(field, FILLED if value is True else EMPTY, checked=value is True)
    if field.kind == "circle":
        return _circle(field, str(value))
    if field.kind == "date":
        return _date(field, as_date(value), fonts)
    return _text(field, display_text(value), fonts)


def display_text(value: object) -> str:
    """Return a value as it is written on a form (dates in 和暦, lists joined with 、)."""
    if isinstance(value, dt.date):
        return format_wareki(value)
    if isinstance(value, bool):
        return "有" if value else "無"
    if isinstance(value, list | tuple):
        return "、".join(display_text(v) for v in value)
    return str(value)


def _circle(field: Field, value: str) -> FilledField:
    labels = [label for label, _ in field.options]
    if value not in labels:
        return FilledField(
            field, ERROR, text=value, message=f"「{value}」は選択肢（{'・'.join(labels)}）にありません"
        )
    return FilledField(field, FILLED, text=value)


def _date(field: Field, day: dt.date, fonts: FontSet) -> FilledField:
    if field.style == "wareki":
        return _text(field, format_wareki(day), fonts)
    parts = wareki_parts(day)
    era_labels = [label for label, _ in field.era]
    year = parts.year_text if not era_labels or parts.era in era_labels else f"{parts.era}{parts.year_text}"
    return FilledField(field, FILLED, date=DateParts(parts.era, year, str(day.month), str(day.day)))


def _text(field: Field, text: str, fonts: FontSet) -> FilledField:
    if field.kind == "boxes":
        return FilledField(field, FILLED, text=text, overflow=len(text) > field.count)
    assert field.box is not None
    fit = fit_text(
        text,
        field.box,
        size=field.size,
        min_size=field.min_size,
        lines=field.lines,
        vertical=field.vertical,
        widths=fonts.measure(field.font),
    )
    if fit is not None:
        return FilledField(field, FILLED, text=text, fit=fit)
    stand_in = fit_text(
        OVERFLOW_TEXT,
        field.box,
        size=field.size,
        min_size=3.0,
        lines=field.lines,
        vertical=field.vertical,
        widths=fonts.measure(field.font),
    )
    return FilledField(field, FILLED, text=text, fit=stand_in, overflow=True)
