"""Pure measuring rules: field categories, handwriting avoided, stage durations, masking, suppression.

No Django here: the selectors and services feed plain values in and store what comes out.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from madoguchi.domain.documents import FormLayout

SMALL_COUNT = 5
SMALL_COUNT_TEXT = "5未満"


class Category(StrEnum):
    """What a resident writes by hand; the walk-through survey counts the same categories."""

    NAME = "氏名"
    ADDRESS = "住所"
    BIRTH_DATE = "生年月日"
    PHONE = "電話番号"
    OTHER = "その他"


# The last segment of a layout field's data path → its category (kana is writing one's name again).
PATH_CATEGORIES: Mapping[str, Category] = {
    "name": Category.NAME,
    "kana": Category.NAME,
    "head_name": Category.NAME,
    "holder_kana": Category.NAME,
    "chief_mourner": Category.NAME,
    "address": Category.ADDRESS,
    "postal_code": Category.ADDRESS,
    "birth_date": Category.BIRTH_DATE,
    "phone": Category.PHONE,
}
_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+")


def category_of(expression: str) -> Category:
    """Return the category of a layout field from its value expression (`digits(applicant.postal_code)`)."""
    for path in _PATH.findall(expression):
        found = PATH_CATEGORIES.get(path.rsplit(".", 1)[-1])
        if found is not None:
            return found
    return Category.OTHER


def avoided_writes(report: Mapping[str, Any], layouts: Mapping[str, FormLayout]) -> dict[Category, int]:
    """Count the fields the system filled on each printed form, by category: writes by hand avoided."""
    counts = dict.fromkeys(Category, 0)
    for form in report.get("forms", []):
        layout = layouts.get(form.get("form_id", ""))
        if layout is None:
            continue
        not_filled = {*form.get("empty", []), *form.get("unmarked", [])}
        for field in layout.fields:
            if field.for_resident or field.id in not_filled or field.value is None:
                continue
            counts[category_of(field.value.text)] += 1
    return counts


def field_sources(report: Mapping[str, Any]) -> tuple[int, int, int]:
    """Return the fields filled by the system, typed by staff (interview) and left to the resident."""
    totals = report.get("totals", {})
    by_source = totals.get("prefilled_by_source", {})
    staff = int(by_source.get("interview", 0))
    system = int(totals.get("prefilled", 0)) - staff
    return system, staff, int(totals.get("left_for_resident", 0))


@dataclass(frozen=True, slots=True)
class CaseTimes:
    """The timestamps the counter records on a case."""

    opened_at: dt.datetime
    interview_finished_at: dt.datetime | None
    resident_confirmed_at: dt.datetime | None
    closed_at: dt.datetime


@dataclass(frozen=True, slots=True)
class StageSeconds:
    total: int
    interview: int
    confirmation: int
    departments: int


def stage_seconds(times: CaseTimes) -> StageSeconds:
    """Split the visit into interview, resident confirmation and waiting for the departments."""
    finished = times.interview_finished_at or times.closed_at
    confirmed = times.resident_confirmed_at or finished

    def span(start: dt.datetime, end: dt.datetime) -> int:
        return max(0, round((end - start).total_seconds()))

    return StageSeconds(
        total=span(times.opened_at, times.closed_at),
        interview=span(times.opened_at, finished),
        confirmation=span(finished, confirmed),
        departments=span(confirmed, times.closed_at),
    )


@dataclass(frozen=True, slots=True)
class TaskFacts:
    department_id: int
    done: bool
    finished_on: dt.date | None
    deadline: dt.date | None

    @property
    def late(self) -> bool:
        """Return whether the task was completed after its deadline."""
        if not self.done or self.finished_on is None or self.deadline is None:
            return False
        return self.finished_on > self.deadline


def parse_deadline(text: str | None) -> dt.date | None:
    """Read the ISO date a task keeps in needs.deadline.date; anything else is no deadline."""
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def suppressed(count: int) -> int | str:
    """Return the count, or 「5未満」 for 1–4 (a small group could point to a person)."""
    return SMALL_COUNT_TEXT if 0 < count < SMALL_COUNT else count


def median_or_none(values: Sequence[float]) -> float | None:
    """Return the median of a group large enough to show, else None."""
    return statistics.median(values) if len(values) >= SMALL_COUNT else None


_MASKS = (
    re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"),  # e-mail addresses
    re.compile(r"[0-9０-９][0-9０-９\-－ー‐()（）]*"),  # numbers: phone, case, address, dates
    re.compile(r"[一-龥々〆ァ-ヶー]{1,6}(?=(?:さん|様|さま|氏|君|くん|ちゃん|先生))"),  # 鈴木さん
    re.compile(r"(?<=(?:名前は|氏名は|担当の|職員の))[一-龥々〆ァ-ヶー]{1,6}"),  # 担当の山田
)


def mask_comment(text: str) -> str:
    """Hide what looks personal in a free-text answer: numbers, e-mail addresses, names before 様/さん."""
    for pattern in _MASKS:
        text = pattern.sub(lambda match: "＊" * min(len(match.group(0)), 4), text)
    return text
