"""Ages and thresholds as municipal procedures count them (年齢計算ニ関スル法律)."""

from datetime import date

import pytest

from madoguchi.domain.japanese import (
    JapaneseInputError,
    age_on,
    age_reached_on,
    care_insurance_first_start,
    child_period_end,
    fiscal_year,
    fiscal_year_bounds,
    late_elderly_medical_start,
    school_entry_date,
    school_grade,
)

# Each row: birth date, the day asked about, the age (満年齢) that day.
AGES = [
    (date(1950, 6, 15), date(2026, 6, 14), 75),
    (date(1950, 6, 15), date(2026, 6, 15), 76),
    (date(1950, 6, 1), date(2026, 5, 31), 75),
    (date(1950, 6, 1), date(2026, 6, 1), 76),
    (date(2000, 2, 29), date(2025, 2, 28), 24),  # 平年: 2月28日はまだ24歳
    (date(2000, 2, 29), date(2025, 3, 1), 25),
    (date(2000, 2, 29), date(2024, 2, 28), 23),
    (date(2000, 2, 29), date(2024, 2, 29), 24),
    (date(2026, 11, 26), date(2026, 11, 26), 0),
    (date(1926, 12, 25), date(2026, 12, 24), 99),
]


@pytest.mark.parametrize(("birth", "on", "age"), AGES)
def test_age_on_a_day(birth, on, age):
    assert age_on(birth, on) == age


def test_age_before_birth_is_refused():
    with pytest.raises(
        JapaneseInputError, match=r"基準日（2000年1月1日）が生年月日（2000年1月2日）より前です"
    ):
        age_on(date(2000, 1, 2), date(2000, 1, 1))


# Each row: birth date, the age, the 年齢到達日 (end of the day before the birthday).
REACHED = [
    (date(1961, 4, 1), 65, date(2026, 3, 31)),
    (date(1961, 4, 2), 65, date(2026, 4, 1)),
    (date(1961, 3, 1), 65, date(2026, 2, 28)),
    (date(1960, 3, 1), 64, date(2024, 2, 29)),
    (date(1960, 2, 29), 65, date(2025, 2, 28)),
    (date(1960, 2, 29), 64, date(2024, 2, 28)),
    (date(1961, 1, 1), 65, date(2025, 12, 31)),
]


@pytest.mark.parametrize(("birth", "age", "reached"), REACHED)
def test_day_a_person_reaches_an_age(birth, age, reached):
    assert age_reached_on(birth, age) == reached


# Each row: birth date and the first day as 介護保険 第1号被保険者 (day before the 65th birthday).
CARE_INSURANCE = [
    (date(1961, 6, 15), date(2026, 6, 14)),
    (date(1961, 6, 1), date(2026, 5, 31)),  # 1日生まれ: 前月末日から
    (date(1961, 1, 1), date(2025, 12, 31)),
    (date(1960, 2, 29), date(2025, 2, 28)),
    (date(1959, 3, 1), date(2024, 2, 29)),
]


@pytest.mark.parametrize(("birth", "start"), CARE_INSURANCE)
def test_care_insurance_first_category_starts_the_day_before_the_65th_birthday(birth, start):
    assert care_insurance_first_start(birth) == start


# Each row: birth date and the first day of 後期高齢者医療 (the 75th birthday itself).
LATE_ELDERLY = [
    (date(1951, 6, 15), date(2026, 6, 15)),
    (date(1951, 6, 1), date(2026, 6, 1)),
    (date(1952, 2, 29), date(2027, 3, 1)),  # 平年には2月29日がないため3月1日
    (date(1948, 2, 29), date(2023, 3, 1)),
]


@pytest.mark.parametrize(("birth", "start"), LATE_ELDERLY)
def test_late_elderly_medical_care_starts_on_the_75th_birthday(birth, start):
    assert late_elderly_medical_start(birth) == start


# Each row: birth date and the last day as a 児童 (first 31 March after reaching 18).
CHILD_PERIOD = [
    (date(2008, 4, 1), date(2026, 3, 31)),  # 4月1日生まれは早生まれの学年
    (date(2008, 4, 2), date(2027, 3, 31)),
    (date(2008, 3, 31), date(2026, 3, 31)),
    (date(2008, 1, 1), date(2026, 3, 31)),
    (date(2008, 2, 29), date(2026, 3, 31)),
]


@pytest.mark.parametrize(("birth", "end"), CHILD_PERIOD)
def test_child_period_ends_on_the_first_31_march_after_reaching_18(birth, end):
    assert child_period_end(birth) == end


# Each row: birth date, day asked about, school year (1 = 小学1年, 7 = 中学1年).
SCHOOL = [
    (date(2019, 4, 1), date(2025, 4, 1), 1),
    (date(2019, 4, 2), date(2025, 4, 1), 0),
    (date(2019, 4, 2), date(2026, 4, 1), 1),
    (date(2020, 3, 31), date(2026, 4, 1), 1),
    (date(2012, 2, 29), date(2026, 11, 26), 9),
]


@pytest.mark.parametrize(("birth", "on", "grade"), SCHOOL)
def test_school_year_counts_april_first_births_with_the_year_before(birth, on, grade):
    assert school_grade(birth, on) == grade


@pytest.mark.parametrize(
    ("birth", "entry"), [(date(2019, 4, 1), date(2025, 4, 1)), (date(2019, 4, 2), date(2026, 4, 1))]
)
def test_school_entry(birth, entry):
    assert school_entry_date(birth) == entry


# Each row: a day and its 年度 (April to March).
FISCAL = [
    (date(2026, 4, 1), 2026),
    (date(2026, 3, 31), 2025),
    (date(2026, 12, 31), 2026),
    (date(2027, 1, 1), 2026),
]


@pytest.mark.parametrize(("day", "year"), FISCAL)
def test_fiscal_year(day, year):
    assert fiscal_year(day) == year


def test_fiscal_year_bounds():
    assert fiscal_year_bounds(2026) == (date(2026, 4, 1), date(2027, 3, 31))
