"""Kanji numerals (一〇五, 百五, 二十三) to and from integers."""

from __future__ import annotations

import re

from madoguchi.domain.japanese.errors import JapaneseInputError

# 壱弐参拾 appear in legal documents; 〇 and 零 both mean zero.
DIGITS: dict[str, int] = {
    "〇": 0, "零": 0, "一": 1, "壱": 1, "二": 2, "弐": 2, "三": 3, "参": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "千": 1000}
LARGE_UNITS: dict[str, int] = {"万": 10**4, "億": 10**8, "兆": 10**12}
KANJI_NUMERAL_CHARS = "".join([*DIGITS, *SMALL_UNITS, *LARGE_UNITS])
KANJI_NUMERAL_RUN = re.compile(f"[{KANJI_NUMERAL_CHARS}]+")
_DIGIT_TEXT = "〇一二三四五六七八九"


def kanji_to_int(text: str) -> int:
    """Return the value of a kanji numeral, positional (一〇五) or with units (百五, 二十三)."""
    if not text or any(ch not in KANJI_NUMERAL_CHARS for ch in text):
        raise JapaneseInputError(f"「{text}」は漢数字として読めません")
    if all(ch in DIGITS for ch in text):
        return int("".join(str(DIGITS[ch]) for ch in text))
    return _with_units(text)


def _with_units(text: str) -> int:
    total = section = 0
    current: int | None = None
    for ch in text:
        if ch in DIGITS:
            current = (current or 0) * 10 + DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (1 if current is None else current) * SMALL_UNITS[ch]
            current = None
        else:
            total += (section + (current or 0) or 1) * LARGE_UNITS[ch]
            section, current = 0, None
    return total + section + (current or 0)


def int_to_kanji(number: int, *, positional: bool = False) -> str:
    """Return ``number`` in kanji: 二十三 with units, or 二三 digit by digit when ``positional``."""
    if not 0 <= number < 10**16:
        raise JapaneseInputError(f"{number}は漢数字にできる範囲（0〜一万兆未満）の外です")
    if positional or number == 0:
        return "".join(_DIGIT_TEXT[int(d)] for d in str(number))
    parts = []
    for unit, value in sorted(LARGE_UNITS.items(), key=lambda item: -item[1]):
        high, number = divmod(number, value)
        if high:
            parts.append(_below_10000(high) + unit)
    return "".join(parts) + _below_10000(number)


def _below_10000(number: int) -> str:
    text = ""
    for unit, value in (("千", 1000), ("百", 100), ("十", 10)):
        high, number = divmod(number, value)
        # 一 is written only before 万/億, never as 一十, 一百, 一千.
        if high:
            text += ("" if high == 1 else _DIGIT_TEXT[high]) + unit
    return text + (_DIGIT_TEXT[number] if number else "")


def replace_kanji_numerals(text: str) -> str:
    """Return ``text`` with every run of kanji numerals written in arabic digits."""
    return KANJI_NUMERAL_RUN.sub(lambda m: str(kanji_to_int(m.group())), text)
