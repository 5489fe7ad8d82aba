"""The day view and week calendar of a corner: slots, seats, bookings, closed days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from madoguchi.accounts.models import Staff
from madoguchi.domain.japanese import format_wareki_weekday
from madoguchi.domain.okuyami import check_slot, closed_reason, slot_times
from madoguchi.okuyami.models import Booking, Corner
from madoguchi.okuyami.selectors import booking_visible, bookings_between
from madoguchi.registry.visibility import PLACEHOLDER


@dataclass(frozen=True)
class SeatRow:
    """One seat of one slot on the day view: its booking (if any) and the name staff may see."""

    start: dt.time
    seat: int
    booking: Booking | None
    name: str
    prepared: int
    preparations: int
    bookable: bool = False


def day_rows(corner: Corner, day: dt.date, viewer: Staff, now: dt.datetime) -> list[SeatRow]:
    """Return every seat of every slot of the day with its booking (cancelled ones left out)."""
    rules = corner.rules()
    held = bookings_between(corner, day, day).exclude(status=Booking.Status.CANCELLED)
    by_seat = {(b.start, b.seat): b for b in held}
    rows = []
    for start in slot_times(rules):
        taken = sum(1 for seat in range(1, corner.seats + 1) if (start, seat) in by_seat)
        bookable = not check_slot(rules, day, start, now=now, booked=taken)
        for seat in range(1, corner.seats + 1):
            booking = by_seat.get((start, seat))
            rows.append(_row(start, seat, booking, viewer, bookable))
    return rows


def _row(start: dt.time, seat: int, booking: Booking | None, viewer: Staff, bookable: bool) -> SeatRow:
    if booking is None:
        return SeatRow(start, seat, None, "", 0, 0, bookable)
    name = booking.deceased.name if booking_visible(booking, viewer) else PLACEHOLDER
    preparations = [p for p in booking.preparations.all() if p.status != p.Status.WITHDRAWN]
    done = sum(p.status == p.Status.DONE for p in preparations)
    return SeatRow(start, seat, booking, name, done, len(preparations))


def neighbours(day: dt.date) -> dict[str, object]:
    """Return the day's label and the previous and next days for the day view's links."""
    one = dt.timedelta(days=1)
    return {"label": format_wareki_weekday(day), "previous": day - one, "next": day + one}


@dataclass(frozen=True)
class Cell:
    """One slot of the week calendar: how many seats are taken, and whether it can be booked."""

    day: dt.date
    start: dt.time
    taken: int
    bookable: bool
    reason: str


@dataclass(frozen=True)
class Week:
    """A week of the calendar: days with their labels and closed reasons, and slot rows of cells."""

    monday: dt.date
    days: list[tuple[dt.date, str, str | None]]
    rows: list[tuple[dt.time, list[Cell]]]
    seats: int

    @property
    def previous(self) -> dt.date:
        return self.monday - dt.timedelta(days=7)

    @property
    def next(self) -> dt.date:
        return self.monday + dt.timedelta(days=7)


def week(corner: Corner, any_day: dt.date, now: dt.datetime) -> Week:
    """Return the week (Monday to Sunday) around the day with each slot's taken seats and bookability."""
    rules = corner.rules()
    monday = any_day - dt.timedelta(days=any_day.weekday())
    days = [monday + dt.timedelta(days=n) for n in range(7)]
    held = bookings_between(corner, days[0], days[-1]).exclude(status=Booking.Status.CANCELLED)
    taken: dict[tuple[dt.date, dt.time], int] = {}
    for booking in held:
        taken[(booking.day, booking.start)] = taken.get((booking.day, booking.start), 0) + 1
    labels = [(d, format_wareki_weekday(d), closed_reason(d, rules.closures)) for d in days]
    rows = []
    for start in slot_times(rules):
        cells = []
        for day in days:
            count = taken.get((day, start), 0)
            problems = check_slot(rules, day, start, now=now, booked=count)
            cells.append(Cell(day, start, count, not problems, problems[0].code if problems else ""))
        rows.append((start, cells))
    return Week(monday, labels, rows, corner.seats)
