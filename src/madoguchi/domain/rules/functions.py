"""Built-in functions of the condition language and the Period value for date arithmetic."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from madoguchi.domain.rules.errors import UNKNOWN, RuleError

F = TypeVar("F", bound=Callable[..., object])

_UNKNOWN_AWARE = "__rules_unknown_aware__"


def unknown_aware(function: F) -> F:
    """Mark a function as handling UNKNOWN arguments itself instead of yielding UNKNOWN."""
    setattr(function, _UNKNOWN_AWARE, True)
    return function


def is_unknown_aware(function: Callable[..., object]) -> bool:
    """Return whether the function was registered with `unknown_aware`."""
    return bool(getattr(function, _UNKNOWN_AWARE, False))


@dataclass(frozen=True, slots=True)
class Period:
    """A span of years, months and days added to or subtracted from a date."""

    years: int = 0
    months: int = 0
    days: int = 0

    def __add__(self, other: object) -> Period:
        if not isinstance(other, Period):
            return NotImplemented
        return Period(self.years + other.years, self.months + other.months, self.days + other.days)

    def __neg__(self) -> Period:
        return Period(-self.years, -self.months, -self.days)

    def add_to(self, day: dt.date) -> dt.date:
        """Return the date shifted by this period, clipping to the month's last day."""
        total = day.year * 12 + (day.month - 1) + self.years * 12 + self.months
        year, month = divmod(total, 12)
        if not 1 <= year <= 9999:
            raise RuleError("日付の計算結果が範囲外です")
        last = calendar.monthrange(year, month + 1)[1]
        shifted = dt.date(year, month + 1, min(day.day, last))
        try:
            return shifted + dt.timedelta(days=self.days)
        except OverflowError as err:
            raise RuleError("日付の計算結果が範囲外です") from err


def _int_arg(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RuleError(f"{name}() には整数を渡してください（{value!r}）")
    if abs(value) > 100_000:
        raise RuleError(f"{name}() の値が大きすぎます（{value}）")
    return value


def days(count: object) -> Period:
    """Return a period of `count` days."""
    return Period(days=_int_arg("days", count))


def months(count: object) -> Period:
    """Return a period of `count` months."""
    return Period(months=_int_arg("months", count))


def years(count: object) -> Period:
    """Return a period of `count` years."""
    return Period(years=_int_arg("years", count))


def _sequence(name: str, value: object) -> list[Any]:
    if not isinstance(value, list | tuple):
        raise RuleError(f"{name}() にはリストを渡してください（{value!r}）")
    return list(value)


@unknown_aware
def any_(values: object) -> object:
    """Return True if some element is true, UNKNOWN if none is true but some are unknown."""
    if values is UNKNOWN:
        return UNKNOWN
    items = _sequence("any", values)
    if any(item is True for item in items):
        return True
    return UNKNOWN if any(item is UNKNOWN for item in items) else False


@unknown_aware
def all_(values: object) -> object:
    """Return False if some element is false, UNKNOWN if none is false but some are unknown."""
    if values is UNKNOWN:
        return UNKNOWN
    items = _sequence("all", values)
    if any(item is False for item in items):
        return False
    return UNKNOWN if any(item is UNKNOWN for item in items) else True


def len_(value: object) -> int:
    """Return the number of elements of a list or characters of a string."""
    if not isinstance(value, list | tuple | str):
        raise RuleError(f"len() にはリストか文字列を渡してください（{value!r}）")
    return len(value)


def date(text: object) -> dt.date:
    """Return the date written as YYYY-MM-DD."""
    if not isinstance(text, str):
        raise RuleError(f"date() には 'YYYY-MM-DD' の文字列を渡してください（{text!r}）")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as err:
        raise RuleError(f"date('{text}') は正しい日付ではありません") from err


def _numbers(name: str, values: Iterable[object]) -> list[Any]:
    items = list(values)
    if not items:
        raise RuleError(f"{name}() に値がありません")
    return items


def min_(*values: object) -> object:
    """Return the smallest argument (or element of a single list argument)."""
    items = _numbers("min", values[0] if len(values) == 1 and isinstance(values[0], list) else values)
    try:
        return min(items)
    except TypeError as err:
        raise RuleError("min() に比べられない値が混ざっています") from err


def max_(*values: object) -> object:
    """Return the largest argument (or element of a single list argument)."""
    items = _numbers("max", values[0] if len(values) == 1 and isinstance(values[0], list) else values)
    try:
        return max(items)
    except TypeError as err:
        raise RuleError("max() に比べられない値が混ざっています") from err


BUILTINS: dict[str, Callable[..., object]] = {
    "any": any_,
    "all": all_,
    "len": len_,
    "days": days,
    "months": months,
    "years": years,
    "date": date,
    "min": min_,
    "max": max_,
}

# Result kind of each built-in, used by the static type check.
BUILTIN_RESULT_KINDS: dict[str, str] = {
    "any": "bool",
    "all": "bool",
    "len": "number",
    "days": "period",
    "months": "period",
    "years": "period",
    "date": "date",
    "min": "any",
    "max": "any",
}
