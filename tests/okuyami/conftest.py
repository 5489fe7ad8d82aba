"""A corner open on weekdays 9:00–16:00 in 90-minute slots with two seats, and the counter's register."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from madoguchi.okuyami.models import Corner
from madoguchi.okuyami.services import Family
from tests.counter.conftest import DEATH_DATE, bereaved_household, make_resident  # noqa: F401

# Friday 2026-11-20 10:00 (JST); the Monday after is 勤労感謝の日, so Wed 25th is the first bookable day.
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
FIRST_DAY = dt.date(2026, 11, 25)
FAMILY = Family(contact_name="鈴木　健一", contact_phone="090-1234-5678", contact_relationship="長男")


@pytest.fixture
def corner(db: None) -> Corner:
    return Corner.objects.create(
        name="おくやみコーナー",
        place="本庁舎1階 市民課となり",
        phone="0852-00-0000",
        opens=dt.time(9),
        closes=dt.time(16),
        slot_minutes=90,
        seats=2,
        lead_days=2,
    )
