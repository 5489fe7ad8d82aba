"""Reads of the bereavement corner: what the navigator expects, bookings by day, preparations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone

from madoguchi.accounts.models import Staff
from madoguchi.counter.facts import death_facts_from_register
from madoguchi.counter.packs import current_pack
from madoguchi.counter.state import prints_form
from madoguchi.domain.navigator import ProcedureResult, Status, navigate
from madoguchi.domain.packs import Facts
from madoguchi.okuyami.models import Booking, Corner, Preparation
from madoguchi.registry.visibility import Disclosure, disclosure

# What the phone pre-interview asks when the pack has the fact: what the family usually knows.
PRE_INTERVIEW_FACTS = (
    "answers.funeral_held",
    "spouse.exists",
    "deceased.pension.receiving",
    "answers.was_employed",
    "household.has_dependents_of_deceased",
    "answers.had_medical_costs_recently",
    "answers.had_business_or_real_estate_income",
    "answers.has_real_estate",
    "answers.estate_may_exceed_basic_deduction",
)
EXPECTED = (Status.REQUIRED, Status.TO_CONFIRM)


def pre_interview_specs() -> list[tuple[str, str]]:
    """Return (fact, question) of the pre-interview facts the current pack asks as yes/no."""
    facts = current_pack().facts
    return [
        (name, facts[name].question or facts[name].label)
        for name in PRE_INTERVIEW_FACTS
        if name in facts and facts[name].type == "bool" and facts[name].source == "interview"
    ]


def booking_facts(booking: Booking) -> Facts:
    """Return the facts known before the visit: the register's death facts and the pre-interview answers."""
    pack = current_pack()
    death_date = booking.death_date or booking.day
    known = death_facts_from_register(booking.deceased.atena_no, death_date)
    return Facts.checked(pack.facts, known).updated(pack.facts, booking.answers)


def expected_procedures(booking: Booking, *, today: dt.date | None = None) -> list[ProcedureResult]:
    """Return the in-house procedures the navigator expects from the register and the pre-interview."""
    navigation = navigate(current_pack(), "death", booking_facts(booking), today or timezone.localdate())
    return [p for p in navigation.procedures if p.status in EXPECTED and not p.outside_city_hall]


# Procedures the pack marks as done by the city itself (自動) or only explained (案内): a department
# prepares nothing for them unless the counter prints a form of theirs.
UNPREPARED_KINDS = ("自動", "案内")


def prepared_procedures(booking: Booking) -> list[ProcedureResult]:
    """Return the expected procedures a department prepares: not automatic or guidance-only ones."""
    return [p for p in expected_procedures(booking) if p.kind not in UNPREPARED_KINDS or prints_form(p)]


def corner_first() -> Corner | None:
    """Return the corner the screens work on (a city runs one corner today)."""
    return Corner.objects.order_by("pk").first()


def bookings_between(corner: Corner, first: dt.date, last: dt.date) -> QuerySet[Booking]:
    """Return the corner's bookings (cancelled ones too) from first to last, in time order."""
    return (
        Booking.objects.filter(corner=corner, day__gte=first, day__lte=last)
        .select_related("deceased")
        .prefetch_related("preparations__department")
        .order_by("day", "start", "seat")
    )


def booking_get(pk: int) -> Booking | None:
    """Return the booking with its corner, deceased and preparations, or None."""
    return (
        Booking.objects.select_related("corner", "deceased", "case", "booked_by")
        .prefetch_related("preparations__department", "preparations__prepared_by")
        .filter(pk=pk)
        .first()
    )


def booking_disclosure(booking: Booking, viewer: Staff) -> Disclosure:
    """Return the booking's 支援措置 disclosure: the deceased and their household, as the counter asks."""
    return disclosure(viewer, [booking.deceased_id])


def booking_visible(booking: Booking, viewer: Staff) -> bool:
    """Return whether the viewer may see the booking's deceased (支援措置, as the register decides)."""
    return booking_disclosure(booking, viewer).allowed


def preparations_for(departments: Iterable[int], *, since: dt.date) -> QuerySet[Preparation]:
    """Return the open and done preparations of these departments for visits from `since` on."""
    return (
        Preparation.objects.filter(
            department_id__in=list(departments),
            booking__status=Booking.Status.BOOKED,
            booking__day__gte=since,
        )
        .exclude(status=Preparation.Status.WITHDRAWN)
        .select_related("booking__deceased", "department")
        .order_by("booking__day", "booking__start")
    )
