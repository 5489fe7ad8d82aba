"""Read the one search box: names, kana, birth dates or years, 宛名番号 (no database)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from madoguchi.domain.japanese import JapaneseInputError, name_key, parse_date
from madoguchi.domain.japanese.eras import era_by_key

KANJI_NAME = "kanji_name"
KANA_NAME = "kana_name"
BIRTH_DATE = "birth_date"
ATENA_NO = "atena_no"
# A token is a date when it has digits and an era, a date separator or 年.
_DATE_LIKE = re.compile(r"(明治|大正|昭和|平成|令和|[MTSHR]\d|\d[./\-年])", re.IGNORECASE)
_KATAKANA_KEY = re.compile(r"[ァ-ヺー]+")
# A birth year alone: 昭和34年, 昭34, S34, 1959年 (a bare 1959 is a NumberTerm, as it may be a 宛名番号).
_ERA_YEAR = re.compile(r"(明治|大正|昭和|平成|令和|[明大昭平令MTSHR])(\d{1,2}|元)年?", re.IGNORECASE)
_WESTERN_YEAR = re.compile(r"(\d{4})年")
# Years a living or recorded person may be born in; other four-digit numbers are only 宛名番号.
FIRST_BIRTH_YEAR, LAST_BIRTH_YEAR = 1868, 2100


@dataclass(frozen=True)
class NumberTerm:
    """A run of digits: a 宛名番号, or a birth date or year when it reads as one (4050101, 1959)."""

    digits: str
    birth_date: date | None
    birth_year: int | None = None


@dataclass(frozen=True)
class Query:
    """The parts of one search: every part must match (AND)."""

    name_key: str = ""
    name_is_kana: bool = False
    # With two or more name words: the last is read as the given name, the rest as the surname.
    surname_key: str = ""
    given_key: str = ""
    birth_dates: tuple[date, ...] = ()
    birth_years: tuple[int, ...] = ()
    numbers: tuple[NumberTerm, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Return whether there is nothing to search for."""
        return not (self.name_key or self.birth_dates or self.birth_years or self.numbers)

    @property
    def kinds(self) -> list[str]:
        """Return the kinds of input recognised, for the audit trail (never the text itself)."""
        kinds = []
        if self.name_key:
            kinds.append(KANA_NAME if self.name_is_kana else KANJI_NAME)
        if self.birth_dates or self.birth_years or any(n.birth_date or n.birth_year for n in self.numbers):
            kinds.append(BIRTH_DATE)
        if self.numbers:
            kinds.append(ATENA_NO)
        return kinds


def parse_query(text: str) -> Query:
    """Split the box's text into name, birth date, birth year and number parts."""
    names: list[str] = []
    dates: list[date] = []
    years: list[int] = []
    numbers: list[NumberTerm] = []
    problems: list[str] = []
    for token in unicodedata.normalize("NFKC", text).split():
        if token.isascii() and token.isdigit():
            numbers.append(NumberTerm(token, _maybe_date(token), _maybe_year(token)))
        elif _ERA_YEAR.fullmatch(token) or _WESTERN_YEAR.fullmatch(token):
            _read_year(token, years, problems)
        elif _DATE_LIKE.search(token):
            _read_date(token, dates, problems)
        else:
            names.append(token)
    key = name_key("".join(names))
    surname = name_key("".join(names[:-1])) if len(names) > 1 else ""
    given = name_key(names[-1]) if len(names) > 1 else ""
    is_kana = bool(key) and _KATAKANA_KEY.fullmatch(key) is not None
    return Query(key, is_kana, surname, given, tuple(dates), tuple(years), tuple(numbers), tuple(problems))


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


def _maybe_year(digits: str) -> int | None:
    year = int(digits) if len(digits) == 4 else 0
    return year if FIRST_BIRTH_YEAR <= year <= LAST_BIRTH_YEAR else None


def _read_year(token: str, years: list[int], problems: list[str]) -> None:
    """Read 昭和34年, S34 or 1959年 as a western year, or explain why it is not one."""
    western = _WESTERN_YEAR.fullmatch(token)
    if western:
        year = _maybe_year(western.group(1))
        if year is None:
            problems.append(f"「{token}」は生まれ年として読めません（{FIRST_BIRTH_YEAR}年〜）")
        else:
            years.append(year)
        return
    match = _ERA_YEAR.fullmatch(token)
    assert match is not None
    era = era_by_key(match.group(1))
    number = 1 if match.group(2) == "元" else int(match.group(2))
    if number < 1 or (era.last_year is not None and number > era.last_year):
        last = f"{era.last_year}年まで" if era.last_year else "元年から"
        problems.append(f"「{token}」: {era.name}{number}年はありません（{era.name}は{last}）")
        return
    years.append(era.first_year_of(number))
