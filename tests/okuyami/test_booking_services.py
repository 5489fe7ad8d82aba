"""Booking writes: seats, refusals that change nothing, reschedule, cancel, no-show, preparations."""

from __future__ import annotations

import datetime as dt

import pytest

from madoguchi.audit.models import AuditEntry
from madoguchi.okuyami import services
from madoguchi.okuyami.models import Booking, Closure, Preparation
from tests.okuyami.conftest import DEATH_DATE, FAMILY, FIRST_DAY, NOW

T = dt.time


NINE = T(9)


def book(corner, deceased, staff, day=FIRST_DAY, start=NINE, answers=None):
    return services.booking_create(
        corner=corner,
        day=day,
        start=start,
        deceased=deceased,
        death_date=DEATH_DATE,
        family=FAMILY,
        answers=answers or {},
        actor=staff,
        now=NOW,
    )


@pytest.mark.django_db
def test_booking_takes_the_first_free_seat_and_is_audited(corner, bereaved_household, counter_staff):
    deceased = bereaved_household["deceased"]
    first = book(corner, deceased, counter_staff)
    second = book(corner, deceased, counter_staff)
    assert (first.seat, second.seat) == (1, 2)
    entry = AuditEntry.objects.filter(action="booking.create").last()
    assert entry.subject == second.subject and entry.detail["deceased"] == deceased.subject
    assert "鈴木" not in str(entry.detail)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "start", "code", "field"),
    [
        (dt.date(2026, 11, 19), T(9), "past", "date"),
        (dt.date(2026, 11, 23), T(9), "closed", "date"),
        (dt.date(2026, 12, 29), T(9), "closed", "date"),
        (dt.date(2026, 11, 24), T(9), "lead_time", "date"),
        (FIRST_DAY, T(9, 15), "not_a_slot", "time"),
    ],
)
def test_refused_bookings_change_nothing(corner, bereaved_household, counter_staff, day, start, code, field):
    before = AuditEntry.objects.count()
    with pytest.raises(services.BookingError) as err:
        book(corner, bereaved_household["deceased"], counter_staff, day=day, start=start)
    assert (err.value.code, err.value.field) == (code, field)
    assert Booking.objects.count() == 0 and Preparation.objects.count() == 0
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_over_capacity_and_city_closure(corner, bereaved_household, counter_staff):
    deceased = bereaved_household["deceased"]
    book(corner, deceased, counter_staff)
    book(corner, deceased, counter_staff)
    with pytest.raises(services.BookingError, match="満席"):
        book(corner, deceased, counter_staff)
    Closure.objects.create(corner=corner, day=dt.date(2026, 11, 26), reason="庁舎点検")
    with pytest.raises(services.BookingError, match="臨時の閉庁日"):
        book(corner, deceased, counter_staff, day=dt.date(2026, 11, 26))
    assert Booking.objects.count() == 2


@pytest.mark.django_db
def test_cancel_frees_the_seat_and_withdraws_preparations(corner, bereaved_household, counter_staff):
    deceased = bereaved_household["deceased"]
    first = book(corner, deceased, counter_staff)
    book(corner, deceased, counter_staff)
    with pytest.raises(services.BookingError, match="理由"):
        services.booking_cancel(booking=first, reason=" ", actor=counter_staff)
    services.booking_cancel(booking=first, reason="家族の都合", actor=counter_staff)
    assert first.status == Booking.Status.CANCELLED
    assert not first.preparations.filter(status=Preparation.Status.OPEN).exists()
    again = book(corner, deceased, counter_staff)
    assert again.seat == 1


@pytest.mark.django_db
def test_reschedule_moves_the_seat_and_checks_the_new_slot(corner, bereaved_household, counter_staff):
    booking = book(corner, bereaved_household["deceased"], counter_staff)
    with pytest.raises(services.BookingError, match="開設日ではありません"):
        services.booking_reschedule(
            booking=booking, day=dt.date(2026, 11, 28), start=T(9), actor=counter_staff, now=NOW
        )
    services.booking_reschedule(booking=booking, day=FIRST_DAY, start=T(10, 30), actor=counter_staff, now=NOW)
    assert (booking.day, booking.start, booking.seat) == (FIRST_DAY, T(10, 30), 1)
    services.booking_no_show(booking=booking, actor=counter_staff)
    with pytest.raises(services.BookingError, match="来庁なし"):
        services.booking_cancel(booking=booking, reason="x", actor=counter_staff)


@pytest.mark.django_db
def test_preparations_follow_the_navigator(corner, bereaved_household, counter_staff):
    booking = book(
        corner, bereaved_household["deceased"], counter_staff, answers={"answers.funeral_held": True}
    )
    names = {p.department.name for p in booking.preparations.all()}
    assert names, "the navigator expects procedures of some departments"
    procedure_ids = {row["id"] for p in booking.preparations.all() for row in p.procedures}
    assert procedure_ids
