"""Slot rules of the bereavement corner: closed days, 12/29–1/3, lead time in 開庁日, capacity."""

from __future__ import annotations

import datetime as dt

import pytest

from madoguchi.domain.japanese import format_wareki_weekday
from madoguchi.domain.okuyami import (
    Corner,
    business_days_after,
    check_slot,
    closed_reason,
    earliest_day,
    open_days,
    slot_times,
)

D = dt.date
T = dt.time
CORNER = Corner(
    weekdays=frozenset(range(5)),
    opens=T(9),
    closes=T(16),
    slot_minutes=60,
    seats=2,
    lead_days=2,
    closures=frozenset({D(2026, 12, 10)}),
)
# Friday morning, 2026-11-20: the Monday after is 勤労感謝の日.
NOW = dt.datetime(2026, 11, 20, 10, 0)
TEN = T(10)


def codes(day: dt.date, start: dt.time = TEN, *, booked: int = 0, now: dt.datetime = NOW) -> list[str]:
    return [p.code for p in check_slot(CORNER, day, start, now=now, booked=booked)]


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (D(2026, 11, 23), "祝日（勤労感謝の日）"),
        (D(2026, 11, 24), None),
        (D(2026, 12, 28), None),
        (D(2026, 12, 29), "年末年始（12月29日〜1月3日）"),
        (D(2027, 1, 1), "年末年始（12月29日〜1月3日）"),
        (D(2027, 1, 3), "年末年始（12月29日〜1月3日）"),
        (D(2027, 1, 4), None),
        (D(2027, 1, 11), "祝日（成人の日）"),
        (D(2026, 11, 21), "土曜日"),
        (D(2026, 11, 22), "日曜日"),
        (D(2026, 12, 10), "臨時の閉庁日"),
    ],
)
def test_closed_reason_names_holidays_year_end_weekends_and_closures(day, reason):
    assert closed_reason(day, CORNER.closures) == reason


def test_lead_time_counts_business_days_skipping_weekend_and_holiday():
    # Sat, Sun, Mon (holiday) do not count: Tue 24th is the first, Wed 25th the second.
    assert business_days_after(D(2026, 11, 20), 2) == D(2026, 11, 25)
    assert earliest_day(CORNER, D(2026, 11, 20)) == D(2026, 11, 25)
    assert business_days_after(D(2026, 11, 20), 0) == D(2026, 11, 20)


def test_lead_time_skips_year_end():
    # Mon 28th is the first 開庁日; 29th–3rd are closed; Mon 4th is the second.
    assert earliest_day(CORNER, D(2026, 12, 25)) == D(2027, 1, 4)
    assert business_days_after(D(2026, 12, 25), 1) == D(2026, 12, 28)


def test_lead_time_counts_city_closures():
    # Wed 9th → Thu 10th is a closure: Fri 11th is the first 開庁日, Mon 14th the second.
    assert earliest_day(CORNER, D(2026, 12, 9)) == D(2026, 12, 14)


def test_earliest_day_is_an_open_day_of_the_corner():
    tuesdays = Corner(frozenset({1}), T(9), T(12), 30, 1, 2)
    # Two 開庁日 after Fri 20th is Wed 25th; the corner opens on Tuesdays only.
    assert earliest_day(tuesdays, D(2026, 11, 20)) == D(2026, 12, 1)


def test_slot_times_end_by_closing_time():
    assert slot_times(CORNER) == tuple(T(h) for h in range(9, 16))
    assert slot_times(Corner(frozenset({0}), T(9), T(10, 45), 30, 1, 0)) == (T(9), T(9, 30), T(10))


def test_open_days_skip_closed_days():
    days = open_days(CORNER, D(2026, 12, 24))
    assert [next(days) for _ in range(4)] == [
        D(2026, 12, 24),
        D(2026, 12, 25),
        D(2026, 12, 28),
        D(2027, 1, 4),
    ]


def test_a_free_slot_after_the_lead_time_is_bookable():
    assert codes(D(2026, 11, 25)) == []
    assert codes(D(2026, 11, 25), booked=1) == []


@pytest.mark.parametrize(
    ("day", "start", "booked", "code"),
    [
        (D(2026, 11, 19), T(10), 0, "past"),
        (D(2026, 11, 20), T(9), 0, "past"),
        (D(2026, 11, 23), T(10), 0, "closed"),
        (D(2026, 11, 28), T(10), 0, "closed"),
        (D(2026, 12, 10), T(10), 0, "closed"),
        (D(2026, 12, 30), T(10), 0, "closed"),
        (D(2026, 11, 24), T(10), 0, "lead_time"),
        (D(2026, 11, 20), T(15), 0, "lead_time"),
        (D(2026, 11, 25), T(15, 30), 0, "not_a_slot"),
        (D(2026, 11, 25), T(16), 0, "not_a_slot"),
        (D(2026, 11, 25), T(10), 2, "full"),
        (D(2026, 11, 25), T(10), 5, "full"),
    ],
)
def test_refusals(day, start, booked, code):
    assert codes(day, start, booked=booked) == [code]


def test_messages_are_japanese_with_wareki_and_weekday_at_the_right_field():
    [holiday] = check_slot(CORNER, D(2026, 11, 23), T(10), now=NOW, booked=0)
    assert holiday.field == "date"
    assert (
        holiday.message == "令和8年11月23日（月）は閉庁日です（祝日（勤労感謝の日））。別の日を選んでください"
    )
    [lead] = check_slot(CORNER, D(2026, 11, 24), T(10), now=NOW, booked=0)
    assert "2開庁日前" in lead.message and "令和8年11月25日（水）" in lead.message
    [full] = check_slot(CORNER, D(2026, 11, 25), T(10), now=NOW, booked=2)
    assert full.field == "time" and "満席" in full.message


def test_weekday_the_corner_does_not_open():
    tuesdays = Corner(frozenset({1, 3}), T(9), T(12), 30, 1, 0)
    [problem] = check_slot(tuesdays, D(2026, 11, 25), T(9), now=NOW, booked=0)
    assert problem.code == "closed" and "開設日: 火・木" in problem.message


def test_weekday_format():
    assert format_wareki_weekday(D(2027, 1, 4)) == "令和9年1月4日（月）"
