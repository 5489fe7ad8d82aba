"""Ages, age thresholds, fiscal years (年度) and school years (学年) as municipal procedures count them.

Under 年齢計算ニ関スル法律 and 民法第143条 a person reaches an age at the end of the day before the
birthday (the 年齢到達日). Someone born on 29 February reaches every age at the end of 28 February.
"""

from __future__ import annotations

from datetime import date, timedelta

from madoguchi.domain.japanese.errors import JapaneseInputError

_ONE_DAY = timedelta(days=1)


def birthday(birth: date, age: int) -> date:
    """Return the day a person is first ``age`` years old; 29 February falls on 1 March in common years."""
    return age_reached_on(birth, age) + _ONE_DAY


def age_reached_on(birth: date, age: int) -> date:
    """Return the 年齢到達日, the day before the birthday, at whose end the person reaches ``age``."""
    if age < 0:
        raise JapaneseInputError(f"年齢{age}歳は指定できません")
    if (birth.month, birth.day) == (2, 29):
        return date(birth.year + age, 2, 28)
    return date(birth.year + age, birth.month, birth.day) - _ONE_DAY


def age_on(birth: date, on: date) -> int:
    """Return the age (満年齢) on the day ``on``; the age goes up on the birthday itself."""
    if on < birth:
        raise JapaneseInputError(f"基準日（{_text(on)}）が生年月日（{_text(birth)}）より前です")
    years = on.year - birth.year
    return years if on >= birthday(birth, years) else years - 1


def _text(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def late_elderly_medical_start(birth: date) -> date:
    """Return the first day of 後期高齢者医療 by age: the 75th birthday itself."""
    return birthday(birth, 75)


def care_insurance_first_start(birth: date) -> date:
    """Return the first day as 介護保険 第1号被保険者: the day before the 65th birthday."""
    return age_reached_on(birth, 65)


def child_period_end(birth: date, age: int = 18) -> date:
    """Return the first 31 March on or after the day the child reaches ``age`` (end of 児童)."""
    reached = age_reached_on(birth, age)
    return date(fiscal_year(reached) + 1, 3, 31)


def fiscal_year(d: date) -> int:
    """Return the 年度 of a date: April to the following March belong to the year of that April."""
    return d.year if d.month >= 4 else d.year - 1


def fiscal_year_bounds(year: int) -> tuple[date, date]:
    """Return the first and last day of the 年度 ``year`` (1 April to 31 March)."""
    return date(year, 4, 1), date(year + 1, 3, 31)


def school_entry_date(birth: date) -> date:
    """Return the day a child enters 小学校: the first 1 April after the day the child reaches 6."""
    # 学校教育法第17条: 満6歳に達した日の翌日以後における最初の学年の初め.
    day_after = age_reached_on(birth, 6) + _ONE_DAY
    year = day_after.year if day_after <= date(day_after.year, 4, 1) else day_after.year + 1
    return date(year, 4, 1)


def school_grade(birth: date, on: date) -> int:
    """Return the school year counted from 小学1年 = 1 (0 or less before school, 7 = 中学1年)."""
    return fiscal_year(on) - fiscal_year(school_entry_date(birth)) + 1
