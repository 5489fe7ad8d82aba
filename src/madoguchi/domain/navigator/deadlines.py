"""Deadline arithmetic: 初日不算入/初日算入, month and year periods, the receiving authority's closed days."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from madoguchi.domain.japanese import closed_day_reason
from madoguchi.domain.packs.model import DeadlineKind, DeadlineRule

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Calendar:
    """Whose closed days move a deadline falling on them to the next open day, and by which statute."""

    name: str
    statute: str
    extends: bool = True


# Every authority below is closed on Sundays, Saturdays, national holidays and 12月29日〜1月3日; the
# statutes differ, so each deadline names the calendar of the office that receives the filing.
CALENDARS: Mapping[str, Calendar] = {
    "municipal": Calendar(
        "市区町村", "地方自治法4条の2第4項（休日は条例: 日曜・土曜・祝日・12月29日〜1月3日）"
    ),
    "national": Calendar("国の行政機関", "行政機関の休日に関する法律1条・2条"),
    "tax": Calendar(
        "税務署", "国税通則法10条2項、同法施行令2条2項（土曜日・12月29日〜31日。1月2日・3日は一般の休日）"
    ),
    "court": Calendar("裁判所", "民事訴訟法95条3項（家事事件手続法34条4項で準用）"),
    "none": Calendar("延長しない", "時効・除斥期間などは休日でも延びない", extends=False),
}


@dataclass(frozen=True, slots=True)
class Deadline:
    """A procedure's deadline as shown to staff and residents."""

    date: dt.date | None
    kind: DeadlineKind
    text: str
    days_left: int | None
    overdue: bool
    urgent: bool


def last_day(anchor: dt.date, rule: DeadlineRule) -> dt.date:
    """Return the last day of the period counted from the anchor, before any holiday extension."""
    # 民法140条: the first day is not counted unless the pack says it is (戸籍法43条).
    start = anchor if rule.first_day == "included" else anchor + ONE_DAY
    if rule.unit == "days":
        return start + dt.timedelta(days=rule.count - 1)
    months = rule.count * (12 if rule.unit == "years" else 1)
    return _end_of_month_period(start, months)


def _end_of_month_period(start: dt.date, months: int) -> dt.date:
    # 民法143条: ends the day before the corresponding day; without one, on the month's last day.
    year, month = divmod(start.year * 12 + start.month - 1 + months, 12)
    month += 1
    length = calendar.monthrange(year, month)[1]
    if start.day > length:
        return dt.date(year, month, length)
    return dt.date(year, month, start.day) - ONE_DAY


@lru_cache(maxsize=4096)
def is_closed(day: dt.date, extension: str) -> bool:
    """Return whether a deadline falling on the day moves to the next day under the calendar."""
    if not CALENDARS[extension].extends:
        return False
    return closed_day_reason(day) is not None


def extend(day: dt.date, extension: str) -> dt.date:
    """Return the first day from `day` on that is not closed under the extension rule."""
    while is_closed(day, extension):
        day += ONE_DAY
    return day


def due_date(anchor: dt.date, rule: DeadlineRule) -> dt.date:
    """Return the deadline date for an anchor date: the period's last day, extended if allowed."""
    return _due(anchor, rule.unit, rule.count, rule.first_day, rule.extension)


@lru_cache(maxsize=8192)
def _due(anchor: dt.date, unit: str | None, count: int, first_day: str, extension: str) -> dt.date:
    # Keyed by the rule's counting fields, not the rule: hashing a whole DeadlineRule costs more.
    rule = DeadlineRule("", DeadlineKind.LEGAL, (), unit, count, first_day, extension)
    return extend(last_day(anchor, rule), extension)


def anchor_date(rule: DeadlineRule, lookup: Mapping[str, object]) -> dt.date | None:
    """Return the first known anchor date among the rule's anchor facts."""
    for name in rule.anchors:
        value = lookup.get(name)
        if isinstance(value, dt.date):
            return value
    return None


def make_deadline(rule: DeadlineRule, anchor: dt.date | None, today: dt.date, urgent_days: int) -> Deadline:
    """Return the Deadline for a rule; the date stays None when it cannot be computed yet."""
    if anchor is None or rule.unit is None:
        return Deadline(None, rule.kind, rule.text, None, False, False)
    day = _due(anchor, rule.unit, rule.count, rule.first_day, rule.extension)
    left = (day - today).days
    return Deadline(day, rule.kind, rule.text, left, left < 0, 0 <= left <= urgent_days)
