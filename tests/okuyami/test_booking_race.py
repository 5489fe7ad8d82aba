"""Twenty staff booking the last seat at the same moment: exactly one booking (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from madoguchi.okuyami import services
from madoguchi.okuyami.models import Booking
from tests.okuyami.conftest import DEATH_DATE, FAMILY, FIRST_DAY, NOW

THREADS = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_bookings_of_the_last_seat_make_one(corner, bereaved_household, counter_staff):
    # given one seat of two already taken
    deceased = bereaved_household["deceased"]
    kwargs = {
        "corner": corner,
        "day": FIRST_DAY,
        "start": dt.time(9),
        "deceased": deceased,
        "death_date": DEATH_DATE,
        "family": FAMILY,
        "answers": {},
        "actor": counter_staff,
        "now": NOW,
    }
    services.booking_create(**kwargs)
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []

    def attempt() -> None:
        barrier.wait()
        try:
            services.booking_create(**kwargs)
            outcomes.append("booked")
        except services.BookingError as err:
            outcomes.append(err.code)
        finally:
            connection.close()

    # when twenty staff book the same slot at once
    threads = [threading.Thread(target=attempt) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then exactly one got the last seat and every other one was told the slot is full
    assert sorted(outcomes).count("booked") == 1
    assert outcomes.count("full") == THREADS - 1
    seats = Booking.objects.filter(day=FIRST_DAY, start=dt.time(9)).values_list("seat", flat=True)
    assert sorted(seats) == [1, 2]
