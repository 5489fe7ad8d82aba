"""Whether a value declared at the counter says the same as the register, whatever its notation.

Staff type what the resident declares; the forms print it. Before the resident confirms, staff see
every declared value that differs from the register. Width (全角/半角), spaces, hiragana/katakana
in readings and the notation of dates and block numbers are not differences; 異体字 are (the form
prints the declared glyph).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from enum import StrEnum

from madoguchi.domain.japanese.address import address_matches
from madoguchi.domain.japanese.errors import JapaneseInputError
from madoguchi.domain.japanese.kana import to_katakana
from madoguchi.domain.japanese.wareki import format_wareki, parse_date


class ValueKind(StrEnum):
    """How a value is compared with the register's."""

    NAME = "name"  # 氏名: width and spaces fold, kana and 異体字 do not
    KANA = "kana"  # フリガナ: also hiragana = katakana
    DATE = "date"  # 生年月日: any notation (令和/ISO/7-digit code)
    ADDRESS = "address"  # 住所: block-number notation, 都道府県・市区町村 may be left out
    TEXT = "text"


def differs_from_register(kind: ValueKind, declared: object, recorded: object) -> bool:
    """Return whether a declared value differs from the register's; a blank on either side never does."""
    if _blank(declared) or _blank(recorded):
        return False
    if kind is ValueKind.ADDRESS:
        return not address_matches(str(declared), str(recorded))
    if kind is ValueKind.DATE:
        one, other = _date(declared), _date(recorded)
        if one is not None and other is not None:
            return one != other
    return _plain(declared, kind) != _plain(recorded, kind)


def shown(kind: ValueKind, value: object) -> str:
    """Return a value as staff read it: dates in 和暦, everything else as typed."""
    if kind is ValueKind.DATE:
        date = _date(value)
        if date is not None:
            return format_wareki(date)
    return "" if value is None else str(value)


def _blank(value: object) -> bool:
    return value is None or not str(value).strip()


def _plain(value: object, kind: ValueKind) -> str:
    text = "".join(unicodedata.normalize("NFKC", str(value)).split())
    return to_katakana(text) if kind is ValueKind.KANA else text


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return parse_date(str(value))
    except JapaneseInputError:
        return None
