"""Booking slots of a bereavement corner: which days and times are open, lead time, capacity.

The corner is open on its weekdays except the city's closed days (祝日, 12月29日〜1月3日 and
closures the city declares). A booking needs a lead time counted in 開庁日 so that departments
can prepare before the family comes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from madoguchi.domain.japanese import WEEKDAYS, closed_day_reason, format_wareki_weekday

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Corner:
    """A corner's booking settings: open weekdays (0 = Monday), hours, slot length, seats, lead time."""

    weekdays: frozenset[int]
    opens: dt.time
    closes: dt.time
    slot_minutes: int
    seats: int
    lead_days: int
    closures: frozenset[dt.date] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class SlotProblem:
    """Why a slot cannot be booked: the form field it belongs to and a Japanese message."""

    field: str
    code: str
    message: str


def closed_reason(day: dt.date, closures: frozenset[dt.date] = frozenset()) -> str | None:
    """Return why city hall is closed on the day (土曜・日曜・祝日名・年末年始・臨時閉庁), or None."""
    if day in closures:
        return "臨時の閉庁日"
    return closed_day_reason(day)


def business_days_after(day: dt.date, count: int, closures: frozenset[dt.date] = frozenset()) -> dt.date:
    """Return the count-th 開庁日 after the day (the day itself not counted); count 0 is the day."""
    while count > 0:
        day += ONE_DAY
        if closed_reason(day, closures) is None:
            count -= 1
    return day


def earliest_day(corner: Corner, today: dt.date) -> dt.date:
    """Return the first day a booking made today may take: lead_days 開庁日 after today, then open."""
    day = business_days_after(today, corner.lead_days, corner.closures)
    return next(open_days(corner, day))


def open_days(corner: Corner, start: dt.date) -> Iterator[dt.date]:
    """Yield the corner's open days from start on (its weekdays, minus closed days)."""
    day = start
    for _ in range(3660):  # a corner open on no day at all yields nothing rather than looping forever
        if day.weekday() in corner.weekdays and closed_reason(day, corner.closures) is None:
            yield day
        day += ONE_DAY


def slot_times(corner: Corner) -> tuple[dt.time, ...]:
    """Return the start time of every slot that ends by closing time."""
    step = dt.timedelta(minutes=corner.slot_minutes)
    base = dt.datetime.combine(dt.date(2000, 1, 1), corner.opens)
    end = dt.datetime.combine(dt.date(2000, 1, 1), corner.closes)
    times = []
    while corner.slot_minutes > 0 and base + step <= end:
        times.append(base.time())
        base += step
    return tuple(times)


def check_slot(
    corner: Corner, day: dt.date, start: dt.time, *, now: dt.datetime, booked: int
) -> list[SlotProblem]:
    """Return why the slot cannot be booked now with `booked` seats already taken; empty when it can."""
    today = now.date()
    if day < today or (day == today and start <= now.time()):
        return [SlotProblem("date", "past", "過去の日時は予約できません。これから先の日を選んでください")]
    if day.weekday() not in corner.weekdays:
        open_names = "・".join(WEEKDAYS[d] for d in sorted(corner.weekdays))
        return [
            SlotProblem(
                "date",
                "closed",
                f"{_day(day)}はおくやみコーナーの開設日ではありません（開設日: {open_names}）",
            )
        ]
    reason = closed_reason(day, corner.closures)
    if reason is not None:
        return [SlotProblem("date", "closed", f"{_day(day)}は閉庁日です（{reason}）。別の日を選んでください")]
    earliest = earliest_day(corner, today)
    if day < earliest:
        message = (
            f"予約は{corner.lead_days}開庁日前までにお受けしています（各課が準備するため）。"
            f"いちばん早い予約日は{_day(earliest)}です"
        )
        return [SlotProblem("date", "lead_time", message)]
    if start not in slot_times(corner):
        times = "、".join(t.strftime("%H:%M") for t in slot_times(corner))
        return [SlotProblem("time", "not_a_slot", f"予約できる開始時刻は {times} です")]
    if booked >= corner.seats:
        return [
            SlotProblem("time", "full", f"{_day(day)} {start:%H:%M} の枠は満席です。別の時間を選んでください")
        ]
    return []


def _day(day: dt.date) -> str:
    return format_wareki_weekday(day)
