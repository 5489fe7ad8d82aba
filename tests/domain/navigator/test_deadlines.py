"""Deadline arithmetic: first-day rules, month ends, leap days and holiday extension."""

import datetime as dt

import pytest

from madoguchi.domain.navigator.deadlines import (
    anchor_date,
    due_date,
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
        ("2026-11-07", "administrative", "2026-11-24", "末日11月21日(土)→23日(月)は勤労感謝の日→24日"),
        ("2026-11-07", "civil", "2026-11-21", "民法142条は土曜を延ばさない"),
        ("2026-11-08", "civil", "2026-11-24", "末日22日(日)→23日は祝日→24日"),
        ("2026-11-08", "none", "2026-11-22", "延長しない手続は日曜でもそのまま"),
        ("2026-04-18", "administrative", "2026-05-07", "末日5月2日(土)→連休明け7日"),
        ("2026-04-18", "civil", "2026-05-02", "土曜は民法142条では延長なし"),
        ("2026-12-15", "administrative", "2027-01-04", "末日12月29日は年末の閉庁日→1月4日"),
        ("2026-12-15", "civil", "2026-12-29", "年末は民法142条の休日ではない"),
        ("2026-11-25", "administrative", "2026-12-09", "平日はそのまま"),
    ],
)
def test_extension_to_next_open_day(anchor: str, extension: str, expected: str, why: str) -> None:
    assert due_date(D(anchor), rule("days", 14, "excluded", extension)) == D(expected), why


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
