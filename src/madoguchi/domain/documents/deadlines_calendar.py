"""The family's calendar of deadlines (.ics, RFC 5545): an all-day event per dated deadline."""

from __future__ import annotations

import datetime as dt

from icalendar import Alarm, Calendar, Event

from madoguchi.domain.documents.handbook import Handbook, place_groups
from madoguchi.domain.packs import DeadlineKind

PRODID = "-//Madoguchi//おくやみハンドブック//JA"
REMIND_BEFORE = dt.timedelta(days=3)


def deadline_calendar(book: Handbook) -> bytes:
    """Return the .ics of the handbook's dated deadlines, in the handbook's order.

    It names procedures and places only: no one's name, so a shared family calendar leaks nothing.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{book.municipality} 手続の期限（受付番号 {book.case_number}）")
    stamp = dt.datetime.combine(book.today, dt.time(), tzinfo=dt.UTC)
    for group in place_groups(book):
        for procedure in group.procedures:
            deadline = procedure.deadline
            if deadline is None or deadline.date is None:
                continue
            event = Event()
            event.add("uid", f"{book.case_number}-{procedure.id}@madoguchi")
            event.add("dtstamp", stamp)
            event.add("dtstart", deadline.date)
            event.add("dtend", deadline.date + dt.timedelta(days=1))
            # 期限 (a duty) or 請求の時効 (a right that expires), as the handbook and the cover say.
            event.add("summary", f"{DeadlineKind(deadline.kind).resident_label}: {procedure.name}")
            place = group.place
            event.add("location", "　".join(p for p in (place.name, place.address) if p))
            details = [f"行き先: {place.name}", f"電話: {place.phone}" if place.phone else ""]
            details += [f"受付: {place.hours}" if place.hours else "", deadline.text]
            details += ["持ち物: " + "、".join(t.text() for t in group.things) if group.things else ""]
            event.add("description", "\n".join(d for d in details if d))
            event.add_component(_reminder(procedure.name))
            calendar.add_component(event)
    ics: bytes = calendar.to_ical()
    return ics


def _reminder(name: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"3日後が期限です: {name}")
    alarm.add("trigger", -REMIND_BEFORE)
    return alarm
