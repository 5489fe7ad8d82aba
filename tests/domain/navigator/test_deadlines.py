"""Deadline arithmetic: first-day rules, month ends, leap days and holiday extension."""

import datetime as dt

import pytest

from madoguchi.domain.navigator.deadlines import (
    CALENDARS,
    anchor_date,
    due_date,
    is_closed,
    last_day,
    make_deadline,
)
from madoguchi.domain.packs import DeadlineRule

D = dt.date.fromisoformat


def rule(unit: str, count: int, first_day: str = "excluded", extension: str = "none") -> DeadlineRule:
    return DeadlineRule("テスト", "legal", ("deceased.death_date",), unit, count, first_day, extension)


@pytest.mark.parametrize(
    ("anchor", "unit", "count", "first_day", "expected", "why"),
    [
        ("2026-11-20", "days", 7, "included", "2026-11-26", "戸籍法: 死亡を知った日を1日目と数える"),
        ("2026-11-20", "days", 14, "excluded", "2026-12-04", "民法140条: 翌日から数えて14日目"),
        ("2026-12-25", "days", 14, "excluded", "2027-01-08", "年をまたぐ"),
        ("2026-01-31", "months", 1, "excluded", "2026-02-28", "2月1日起算、応当日3月1日の前日"),
        ("2026-01-30", "months", 1, "excluded", "2026-02-28", "起算日1月31日、2月31日はないので月末"),
        ("2024-01-30", "months", 1, "excluded", "2024-02-29", "うるう年の月末"),
        ("2026-03-31", "months", 3, "included", "2026-06-30", "起算日3月31日、6月31日はないので月末"),
        ("2026-11-20", "months", 3, "excluded", "2027-02-20", "相続放棄: 翌日起算3か月"),
        ("2026-11-30", "months", 3, "excluded", "2027-02-28", "起算日12月1日、応当日3月1日の前日"),
        ("2026-11-20", "months", 10, "excluded", "2027-09-20", "相続税申告10か月"),
        ("2024-02-29", "years", 1, "included", "2025-02-28", "うるう日起算、翌年2月29日はないので月末"),
        ("2024-02-28", "years", 1, "excluded", "2025-02-28", "起算日2月29日、翌年は月末"),
        ("2026-11-20", "years", 2, "excluded", "2028-11-20", "時効2年: 翌日起算"),
        ("2026-11-20", "years", 5, "excluded", "2031-11-20", "時効5年"),
    ],
)
def test_last_day_of_period(
    anchor: str, unit: str, count: int, first_day: str, expected: str, why: str
) -> None:
    assert last_day(D(anchor), rule(unit, count, first_day)) == D(expected), why


@pytest.mark.parametrize(
    ("anchor", "extension", "expected", "why"),
    [
        ("2026-11-07", "municipal", "2026-11-24", "末日11月21日(土)→23日(月)は勤労感謝の日→24日"),
        ("2026-11-07", "national", "2026-11-24", "行政機関の休日に関する法律: 土曜も延びる"),
        ("2026-11-07", "tax", "2026-11-24", "国税通則法施行令2条2項: 土曜も延びる"),
        ("2026-11-07", "court", "2026-11-24", "民事訴訟法95条3項: 土曜も延びる"),
        ("2026-11-07", "none", "2026-11-21", "時効は土曜でも延びない"),
        ("2026-11-08", "none", "2026-11-22", "延長しない手続は日曜でもそのまま"),
        ("2026-04-18", "municipal", "2026-05-07", "末日5月2日(土)→連休明け7日"),
        ("2026-04-18", "national", "2026-05-07", "末日5月2日(土)→連休明け7日"),
        ("2026-12-15", "municipal", "2027-01-04", "末日12月29日は年末の閉庁日→1月4日"),
        ("2026-12-15", "tax", "2027-01-04", "12月29日〜31日は政令の休日、1月2日・3日は一般の休日"),
        ("2026-12-15", "court", "2027-01-04", "民事訴訟法95条3項は12月29日〜1月3日を挙げる"),
        ("2026-12-15", "none", "2026-12-29", "時効は年末でも延びない"),
        ("2026-11-25", "municipal", "2026-12-09", "平日はそのまま"),
    ],
)
def test_extension_to_next_open_day(anchor: str, extension: str, expected: str, why: str) -> None:
    assert due_date(D(anchor), rule("days", 14, "excluded", extension)) == D(expected), why


@pytest.mark.parametrize(
    "day", ["2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02", "2027-01-03"]
)
@pytest.mark.parametrize("extension", ["municipal", "national", "tax", "court"])
def test_year_end_closed_days_of_every_authority(day: str, extension: str) -> None:
    assert is_closed(D(day), extension)
    assert not is_closed(D(day), "none")


def test_every_calendar_names_its_statute() -> None:
    assert set(CALENDARS) == {"municipal", "national", "tax", "court", "none"}
    assert "地方自治法4条の2" in CALENDARS["municipal"].statute
    assert "行政機関の休日に関する法律" in CALENDARS["national"].statute
    assert "国税通則法10条2項" in CALENDARS["tax"].statute
    assert "民事訴訟法95条3項" in CALENDARS["court"].statute
    assert not CALENDARS["none"].extends


@pytest.mark.parametrize(
    ("anchor", "unit", "count", "first_day", "extension", "expected", "why"),
    [
        (
            "2027-01-15",
            "months",
            3,
            "included",
            "municipal",
            "2027-04-14",
            "戸籍法: 国外出生の出生届は1月15日を含めて3か月",
        ),
        ("2027-01-15", "months", 3, "excluded", "municipal", "2027-04-15", "初日不算入なら1日遅い（誤り）"),
        ("2026-11-20", "days", 7, "included", "municipal", "2026-11-26", "死亡届: 知った日を含めて7日"),
        ("2027-01-22", "months", 4, "excluded", "tax", "2027-05-24", "準確定申告: 末日5月22日(土)→24日(月)"),
        ("2026-11-07", "months", 4, "excluded", "tax", "2027-03-08", "準確定申告: 末日3月7日(日)→8日(月)"),
        (
            "2027-09-03",
            "days",
            15,
            "excluded",
            "municipal",
            "2027-09-21",
            "15日目9月18日(土)→敬老の日の連休明け21日",
        ),
    ],
)
def test_statutory_counting(
    anchor: str, unit: str, count: int, first_day: str, extension: str, expected: str, why: str
) -> None:
    assert due_date(D(anchor), rule(unit, count, first_day, extension)) == D(expected), why


@pytest.mark.parametrize(
    ("today", "days_left", "overdue", "urgent"),
    [
        ("2026-11-26", 8, False, False),
        ("2026-11-27", 7, False, True),
        ("2026-12-04", 0, False, True),
        ("2026-12-05", -1, True, False),
    ],
)
def test_days_left_overdue_and_urgent(today: str, days_left: int, overdue: bool, urgent: bool) -> None:
    deadline = make_deadline(rule("days", 14), D("2026-11-20"), D(today), urgent_days=7)
    assert deadline.date == D("2026-12-04")
    assert (deadline.days_left, deadline.overdue, deadline.urgent) == (days_left, overdue, urgent)


def test_deadline_without_anchor_keeps_text_and_no_date() -> None:
    deadline = make_deadline(rule("days", 14), None, D("2026-11-26"), urgent_days=7)
    assert (deadline.date, deadline.days_left, deadline.text) == (None, None, "テスト")


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"deceased.death_date": D("2026-11-20")}, D("2026-11-20")),
        ({"deceased.death_date": None, "answers.funeral_date": D("2026-11-22")}, D("2026-11-22")),
        ({"deceased.death_date": "2026-11-20"}, None),  # not a date: no anchor
        ({}, None),
    ],
)
def test_anchor_is_the_first_known_date_among_the_anchors(facts: dict, expected: dt.date | None) -> None:
    rule = DeadlineRule("テスト", "legal", ("deceased.death_date", "answers.funeral_date"), "days", 3)
    assert anchor_date(rule, facts) == expected
