"""和暦: formatting dates for forms and parsing every common notation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from madoguchi.domain.japanese.codes import fold_dashes
from madoguchi.domain.japanese.eras import GREGORIAN_START, Era, era_by_key, era_of
from madoguchi.domain.japanese.errors import JapaneseInputError
from madoguchi.domain.japanese.numerals import int_to_kanji, replace_kanji_numerals

STYLES = ("long", "short", "code")


@dataclass(frozen=True)
class WarekiParts:
    """A date split for forms with one box per part (元号・年・月・日)."""

    era: str
    era_letter: str
    year: int
    year_text: str
    month: int
    day: int
    era_code: int

    def long(self, *, kanji_numerals: bool = False) -> str:
        """Return the parts as 令和8年11月26日 (or 令和八年十一月二十六日)."""
        if not kanji_numerals:
            return f"{self.era}{self.year_text}年{self.month}月{self.day}日"
        year = self.year_text if self.year == 1 else int_to_kanji(self.year)
        return f"{self.era}{year}年{int_to_kanji(self.month)}月{int_to_kanji(self.day)}日"


def wareki_parts(d: date) -> WarekiParts:
    """Return the 和暦 parts of a date; year 1 is written 元."""
    era = era_of(d)
    year = d.year - era.start.year + 1
    year_text = "元" if year == 1 else str(year)
    return WarekiParts(era.name, era.letter, year, year_text, d.month, d.day, era.code)


def format_wareki(d: date, style: str = "long", *, kanji_numerals: bool = False) -> str:
    """Return a date as 和暦: "long" 令和8年11月26日, "short" R8.11.26, "code" 5081126."""
    parts = wareki_parts(d)
    if style == "long":
        return parts.long(kanji_numerals=kanji_numerals)
    if kanji_numerals or style not in STYLES:
        raise JapaneseInputError(f"和暦の書式「{style}」（漢数字={kanji_numerals}）には対応していません")
    if style == "short":
        return f"{parts.era_letter}{parts.year}.{d.month}.{d.day}"
    return f"{parts.era_code}{parts.year:02d}{d.month:02d}{d.day:02d}"


WEEKDAYS = "月火水木金土日"


def format_wareki_weekday(d: date) -> str:
    """Return a date as 令和8年12月9日（水）: the long 和暦 with the weekday residents plan by."""
    return f"{wareki_parts(d).long()}（{WEEKDAYS[d.weekday()]}）"


_SEP = r"[-/.]"
_WESTERN = re.compile(rf"(\d{{4}})(?:{_SEP}(\d{{1,2}}){_SEP}|年(\d{{1,2}})月)(\d{{1,2}})日?", re.ASCII)
_ERA_NAMES = "明治|大正|昭和|平成|令和|[明大昭平令MTSHR]"
_WAREKI = re.compile(
    rf"({_ERA_NAMES})(\d{{1,2}}|元)(?:{_SEP}(\d{{1,2}}){_SEP}|年(\d{{1,2}})月)(\d{{1,2}})日?", re.ASCII
)
_DIGITS = re.compile(r"\d{7,8}", re.ASCII)
_EMPTY_CODES = frozenset({"", "0000000", "00000000"})
_EXAMPLES = "例: 令和8年11月26日、R8.11.26、2026-11-26、20261126、5081126"


def parse_date(text: str) -> date:
    """Return the date written in ``text`` in any common notation, or raise JapaneseInputError."""
    normal = _normalize(text)
    if normal in _EMPTY_CODES:
        raise JapaneseInputError("日付が入力されていません")
    if match := _WESTERN.fullmatch(normal):
        return _western_date(int(match[1]), int(match[2] or match[3]), int(match[4]))
    if match := _WAREKI.fullmatch(normal):
        year = 1 if match[2] == "元" else int(match[2])
        return _wareki_date(era_by_key(match[1]), year, int(match[3] or match[4]), int(match[5]))
    if _DIGITS.fullmatch(normal):
        return _from_digits(normal)
    raise JapaneseInputError(f"「{text.strip()}」は日付として読めません（{_EXAMPLES}）")


def _normalize(text: str) -> str:
    # NFKC turns 全角 digits into ASCII and ㍻/㋿ into 平成/令和; any dash reads as "-"; spaces mean nothing.
    folded = "".join(fold_dashes(text).split()).upper()
    return replace_kanji_numerals(folded)


def _from_digits(digits: str) -> date:
    if len(digits) == 8:
        return _western_date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    if digits[0] not in "12345":
        raise JapaneseInputError(
            f"「{digits}」の先頭の元号コード{digits[0]}は1〜5（明治〜令和）ではありません"
        )
    era = era_by_key(digits[0])
    return _wareki_date(era, int(digits[1:3]), int(digits[3:5]), int(digits[5:]), code=digits)


def _western_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise JapaneseInputError(f"{year}年{month}月{day}日は存在しない日付です") from None


def _wareki_date(era: Era, year: int, month: int, day: int, *, code: str = "") -> date:
    written = _written(era, year, month, day, code)
    if year < 1:
        raise JapaneseInputError(f"{era.name}0年は存在しません（{era.name}は元年から始まります）")
    if era.last_year is not None and year > era.last_year:
        later = wareki_parts(date(era.first_year_of(year), 1, 1))
        raise JapaneseInputError(f"{era.name}{year}年は存在しません（{later.era}{later.year_text}年です）")
    try:
        result = date(era.first_year_of(year), month, day)
    except ValueError:
        raise JapaneseInputError(f"{written}は存在しない日付です") from None
    return _check_in_era(era, result, written)


def _written(era: Era, year: int, month: int, day: int, code: str) -> str:
    text = f"{era.name}{'元' if year == 1 else year}年{month}月{day}日"
    return f"{code}（{text}）" if code else text


def _check_in_era(era: Era, result: date, written: str) -> date:
    if result < GREGORIAN_START:
        raise JapaneseInputError(
            f"{written}は改暦（明治6年1月1日）より前の旧暦の日付のため西暦に換算できません"
        )
    if result < era.start or (era.last is not None and result > era.last):
        correct = wareki_parts(result).long()
        raise JapaneseInputError(f"{written}は存在しない日付です（{correct}です）")
    return result
