"""Read what staff typed into the one search box: names, kana, birth dates, 宛名番号 (no database)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from madoguchi.domain.japanese import JapaneseInputError, name_key, parse_date

KANJI_NAME = "kanji_name"
KANA_NAME = "kana_name"
BIRTH_DATE = "birth_date"
ATENA_NO = "atena_no"
# A token is a date when it has digits and an era, a date separator or 年.
_DATE_LIKE = re.compile(r"(明治|大正|昭和|平成|令和|[MTSHR]\d|\d[./\-年])", re.IGNORECASE)
_KATAKANA_KEY = re.compile(r"[ァ-ヺー]+")


@dataclass(frozen=True)
class NumberTerm:
    """A run of digits: a 宛名番号, or a birth date when it reads as one (4050101, 19930101)."""

    digits: str
    birth_date: date | None


@dataclass(frozen=True)
class Query:
    """The parts of one search: every part must match (AND)."""

    name_key: str = ""
    name_is_kana: bool = False
    # With two or more name words: the last is read as the given name, the rest as the surname.
    surname_key: str = ""
    given_key: str = ""
    birth_dates: tuple[date, ...] = ()
    numbers: tuple[NumberTerm, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Return whether there is nothing to search for."""
        return not (self.name_key or self.birth_dates or self.numbers)

    @property
    def kinds(self) -> list[str]:
        """Return the kinds of input recognised, for the audit trail (never the text itself)."""
        kinds = []
        if self.name_key:
            kinds.append(KANA_NAME if self.name_is_kana else KANJI_NAME)
        if self.birth_dates or any(n.birth_date for n in self.numbers):
            kinds.append(BIRTH_DATE)
        if self.numbers:
            kinds.append(ATENA_NO)
        return kinds


def parse_query(text: str) -> Query:
    """Split the box's text into name, birth date and number parts."""
    names: list[str] = []
    dates: list[date] = []
    numbers: list[NumberTerm] = []
    problems: list[str] = []
    for token in unicodedata.normalize("NFKC", text).split():
        if token.isascii() and token.isdigit():
            numbers.append(NumberTerm(token, _maybe_date(token)))
        elif _DATE_LIKE.search(token):
            _read_date(token, dates, problems)
        else:
            names.append(token)
    key = name_key("".join(names))
    surname = name_key("".join(names[:-1])) if len(names) > 1 else ""
    given = name_key(names[-1]) if len(names) > 1 else ""
    is_kana = bool(key) and _KATAKANA_KEY.fullmatch(key) is not None
    return Query(key, is_kana, surname, given, tuple(dates), tuple(numbers), tuple(problems))


def _maybe_date(digits: str) -> date | None:
    if len(digits) not in (7, 8):
        return None
    try:
        return parse_date(digits)
    except JapaneseInputError:
        return None


def _read_date(token: str, dates: list[date], problems: list[str]) -> None:
    try:
        dates.append(parse_date(token))
    except JapaneseInputError as error:
        problems.append(str(error))
