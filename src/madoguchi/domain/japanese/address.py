"""Address keys for matching (never for print) and splitting off the 方書 (building, room)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from madoguchi.domain.japanese.codes import DASHES
from madoguchi.domain.japanese.itaiji import itaiji_table
from madoguchi.domain.japanese.numerals import KANJI_NUMERAL_CHARS, kanji_to_int

_DIGIT = f"[0-9０-９{KANJI_NUMERAL_CHARS}]"
_UNIT = "(?:丁目|番地|番|号(?!室))"
_SEPARATOR = f"(?:{_UNIT}|[のノ之]|[{DASHES}])"
# A block number: 一丁目1-1, 1番地の3, 12番4号; its end is where the 方書 starts.
_BLOCK = re.compile(f"{_DIGIT}+(?:{_SEPARATOR}+{_DIGIT}+)*{_UNIT}?")
# After these, a number is part of a place name (一番町, 北1条, 2地割), not a block number.
_PLACE_NAME_AFTER = "町丁通条線地区村市郡割"
# Where a shorter address may start inside a longer one: after 都道府県, 郡, 市区町村.
_ADMIN_ENDINGS = "都道府県郡市区町村"

_KANJI_NUMBER = re.compile(
    f"[{KANJI_NUMERAL_CHARS}]+(?=丁目|番|号|[のノ之-])|(?<=[-のノ之番号地目])[{KANJI_NUMERAL_CHARS}]+"
)
_NUMBER_DASH = re.compile(rf"(?<=\d)[{DASHES}](?=\d)")
_NUMBER_UNIT = re.compile(r"(\d+)(?:丁目|番地|番|号(?!室))(?:[のノ之](?=\d))?|(\d+)[のノ之](?=\d)")
_TRAILING = re.compile(r"-+(?=$|\D)")
_MAX_PASSES = 4


def address_key(text: str) -> str:
    """Return a matching key: 常盤町1番1号 and 常盤町１－１ agree; 常盤町一丁目1-1 stays 1-1-1."""
    key = _one_pass(text)
    # Odd input (1号番) can need a second pass; repeat so that the key of a key is the key.
    for _ in range(_MAX_PASSES):
        again = _one_pass(key)
        if again == key:
            break
        key = again
    return key


def _one_pass(text: str) -> str:
    key = "".join(unicodedata.normalize("NFKC", text).split()).replace("大字", "")
    key = _KANJI_NUMBER.sub(lambda m: str(kanji_to_int(m.group())), key)
    key = _NUMBER_DASH.sub("-", key)
    key = _NUMBER_UNIT.sub(lambda m: (m.group(1) or m.group(2)) + "-", key)
    key = re.sub("-{2,}", "-", key)
    return _TRAILING.sub("", key).translate(_address_table())


def address_matches(one: str, other: str) -> bool:
    """Return whether two addresses agree, one possibly without 都道府県 or 市区町村 at the front."""
    short, long = sorted((address_key(one), address_key(other)), key=len)
    if not short or not long.endswith(short):
        return False
    prefix = long[: len(long) - len(short)]
    return not prefix or (prefix[-1] in _ADMIN_ENDINGS and not short[0].isdigit())


def split_katagaki(address: str) -> tuple[str, str]:
    """Return the address up to its block number, and the 方書 (building, room) after it, if any."""
    for match in _BLOCK.finditer(address):
        if _is_block_number(address, match):
            return address[: match.end()].rstrip(), address[match.end() :].strip(" 　")
    return address.strip(" 　"), ""


def _is_block_number(address: str, match: re.Match[str]) -> bool:
    following = address[match.end() : match.end() + 1]
    if following and following in _PLACE_NAME_AFTER:
        return False
    number = match.group()
    bare = all(ch.isdecimal() or ch in KANJI_NUMERAL_CHARS for ch in number)
    # A bare number counts only in arabic digits: 三重, 四日市 are names, not block numbers.
    return not bare or number.isdecimal()


@cache
def _address_table() -> dict[int, str]:
    # ヶ/ヵ in place names (旭ヶ丘, 旭ケ丘) and old or variant kanji (﨑, 髙) are folded like names.
    table = {ord(variant): standard for variant, standard in itaiji_table().items()}
    table.update({ord("ヶ"): "ケ", ord("ヵ"): "カ", ord("ゖ"): "ケ", ord("ゕ"): "カ"})
    return table
