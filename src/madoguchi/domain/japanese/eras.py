"""The five modern eras (元号) with their exact first and last days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from madoguchi.domain.japanese.errors import JapaneseInputError

# 明治6年1月1日: Japan switched to the Gregorian calendar; earlier 和暦 dates are lunisolar.
GREGORIAN_START = date(1873, 1, 1)


@dataclass(frozen=True)
class Era:
    """One 元号: its name, letter, one-digit core-system code and days of use."""

    name: str
    letter: str
    code: int
    start: date
    # Last day that may be written in this era; 明治45年7月30日 and 大正元年7月30日 are the same day.
    last: date | None

    def first_year_of(self, year: int) -> int:
        """Return the western year of this era's ``year``."""
        return self.start.year + year - 1

    @property
    def last_year(self) -> int | None:
        """Return the highest year number of this era, or None for the current era."""
        return None if self.last is None else self.last.year - self.start.year + 1


ERAS: tuple[Era, ...] = (
    Era("明治", "M", 1, date(1868, 1, 25), date(1912, 7, 30)),
    Era("大正", "T", 2, date(1912, 7, 30), date(1926, 12, 25)),
    Era("昭和", "S", 3, date(1926, 12, 25), date(1989, 1, 7)),
    Era("平成", "H", 4, date(1989, 1, 8), date(2019, 4, 30)),
    Era("令和", "R", 5, date(2019, 5, 1), None),
)
_BY_KEY: dict[str, Era] = {}
for _era in ERAS:
    for _key in (_era.name, _era.name[0], _era.letter, str(_era.code)):
        _BY_KEY[_key] = _era


def era_by_key(key: str) -> Era:
    """Return the era named by ``key``: 令和, 令, R or the code digit 5."""
    try:
        return _BY_KEY[key.upper()]
    except KeyError:
        raise JapaneseInputError(f"「{key}」は元号として読めません（明治・大正・昭和・平成・令和）") from None


def era_of(d: date) -> Era:
    """Return the era a date is written in; the day of an era change belongs to the new era."""
    if d < GREGORIAN_START:
        raise JapaneseInputError(
            f"{d.year}年{d.month}月{d.day}日は明治6年（1873年）の改暦より前のため和暦に換算できません"
        )
    return next(era for era in reversed(ERAS) if era.start <= d)
