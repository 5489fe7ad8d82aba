"""Helper functions that layout value expressions may call (和暦 parts, kana, address lines)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

import jaconv

from madoguchi.domain.japanese import (
    JapaneseInputError,
    age_on,
    format_wareki,
    parse_date,
    split_katagaki,
    to_katakana,
    wareki_parts,
)
from madoguchi.domain.rules import UNKNOWN, RuleError, unknown_aware


def as_date(value: object) -> dt.date:
    """Return a date from a date or any date notation; raise RuleError otherwise."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise RuleError(f"日付ではありません（{value!r}）")
    try:
        return parse_date(value)
    except JapaneseInputError as err:
        raise RuleError(str(err)) from err


def wareki(value: object) -> str:
    """Return the date in 和暦, e.g. 令和8年11月26日."""
    return format_wareki(as_date(value))


def era(value: object) -> str:
    """Return the era name of the date, e.g. 令和."""
    return wareki_parts(as_date(value)).era


def era_year(value: object) -> str:
    """Return the year within the era as written on forms: 元 or digits."""
    return wareki_parts(as_date(value)).year_text


def month(value: object) -> int:
    """Return the month of the date."""
    return as_date(value).month


def day(value: object) -> int:
    """Return the day of the month of the date."""
    return as_date(value).day


def age(birth: object, on: object) -> int:
    """Return the age on a date as municipal procedures count it."""
    return age_on(as_date(birth), as_date(on))


def katakana(text: object) -> str:
    """Return the reading in full-width katakana (フリガナ boxes)."""
    return to_katakana(str(text))


def digits(text: object) -> str:
    """Return only the digits (postal codes, account numbers)."""
    return "".join(c for c in jaconv.z2h(str(text), digit=True) if c.isdigit())


def address_main(address: object) -> str:
    """Return the address without the building part (方書)."""
    return split_katagaki(str(address))[0]


def katagaki(address: object) -> str:
    """Return the building part (方書) of the address, or an empty string."""
    return split_katagaki(str(address))[1]


@unknown_aware
def pick(condition: object, if_true: object, if_false: object) -> object:
    """Return the second argument when the condition holds, the third when it does not."""
    if condition is UNKNOWN:
        return UNKNOWN
    return if_true if condition is True else if_false


@unknown_aware
def known_in(value: object, *options: object) -> bool:
    """Return whether the value is known and one of the options (an unknown value is in none)."""
    return value is not UNKNOWN and value in options


def join(separator: object, items: object) -> str:
    """Return the items of a list joined by the separator."""
    if not isinstance(items, list | tuple):
        raise RuleError(f"join() にはリストを渡してください（{items!r}）")
    return str(separator).join(str(i) for i in items)


def yen(amount: object) -> str:
    """Return an amount of money with thousands separators, e.g. 50,000."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise RuleError(f"yen() には整数を渡してください（{amount!r}）")
    return f"{amount:,}"


FUNCTIONS: Mapping[str, Callable[..., object]] = {
    "wareki": wareki,
    "era": era,
    "era_year": era_year,
    "month": month,
    "day": day,
    "age": age,
    "katakana": katakana,
    "digits": digits,
    "address_main": address_main,
    "katagaki": katagaki,
    "pick": pick,
    "known_in": known_in,
    "join": join,
    "yen": yen,
}
