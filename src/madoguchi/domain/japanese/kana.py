"""Kana, width and search keys for names (氏名) and readings (フリガナ)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import jaconv

from madoguchi.domain.japanese.itaiji import itaiji_table

LONG_VOWEL = "ー"
# Characters typed or converted in place of ー: hyphens, dashes, minus signs, box-drawing lines.
LONG_VOWEL_LOOKALIKES = "-‐‑‒–—―−─━ｰ"
# Separators between 氏 and 名 and inside foreign names; they carry no meaning for matching.
SEPARATORS = "・･·•‧∙゠=＝,、，.．。'’‘`"
VOICING_FOLDS = {
    "ヴ": "ブ",
    "ヂ": "ジ",
    "ヅ": "ズ",
    "ヰ": "イ",
    "ヱ": "エ",
    "ヲ": "オ",
    "ヷ": "バ",
    "ヸ": "ビ",
    "ヹ": "ベ",
    "ヺ": "ボ",
}
_VU_SYLLABLES = {"ァ": "バ", "ィ": "ビ", "ェ": "ベ", "ォ": "ボ"}
_ITERATION = "々〻ゝゞヽヾ"
_CONTEXTUAL = re.compile(f"[ヴゔ][ァィェォぁぃぇぉ]|[{_ITERATION}]")
_DASH_BY_LATIN = re.compile("(?<=[A-Z])ー+|ー+(?=[A-Z])")
_MAX_PASSES = 4
_nfkc = unicodedata.normalize
_is_normalized = unicodedata.is_normalized


def to_katakana(text: str) -> str:
    """Return ``text`` with hiragana and half-width katakana written as full-width katakana."""
    return jaconv.h2z(jaconv.hira2kata(text), kana=True)


def to_full_width(text: str) -> str:
    """Return ``text`` with ASCII letters, digits, symbols, spaces and half-width kana in full width."""
    return jaconv.h2z(text, kana=True, ascii=True, digit=True)


def name_key(text: str) -> str:
    """Return the search key of a name: equal for width, kana kind, small kana, spaces and 異体字 variants."""
    return _fold(text, _NAME_TABLE)


def kana_key(text: str) -> str:
    """Return the search key of a reading: like ``name_key`` but without 異体字 folding."""
    return _fold(text, _KANA_TABLE)


def name_keys(texts: Iterable[str]) -> list[str]:
    """Return ``name_key`` of every text, for imports and index rebuilds."""
    table = _NAME_TABLE
    return [_fold(text, table) for text in texts]


def _fold(text: str, table: dict[int, str | None], depth: int = 0) -> str:
    key = _nfkc("NFKC", text)
    if _CONTEXTUAL.search(key) is not None:
        key = _apply_context(key)
    key = key.translate(table)
    if LONG_VOWEL in key and _DASH_BY_LATIN.search(key) is not None:
        key = _DASH_BY_LATIN.sub("", key)
    # Deleting a separator can bring characters together that NFKC composes; repeat to a fixed point.
    if depth == _MAX_PASSES or _is_normalized("NFKC", key):
        return key
    return _fold(key, table, depth + 1)


def _apply_context(text: str) -> str:
    out: list[str] = []
    for ch in text:
        previous = out[-1] if out else ""
        if ch in _ITERATION:
            out.append(_repeat(previous, voiced=ch in "ゞヾ"))
        elif previous in ("ヴ", "ゔ") and ch in "ァィェォぁぃぇぉ":
            out[-1] = _VU_SYLLABLES[jaconv.hira2kata(ch)]
        else:
            out.append(ch)
    return "".join(out)


def _repeat(previous: str, *, voiced: bool) -> str:
    if not voiced:
        return previous
    composed = unicodedata.normalize("NFC", previous + "\u3099")
    return composed if len(composed) == 1 else previous


def _kana_folds() -> dict[str, str | None]:
    hiragana = [chr(c) for c in range(ord("ぁ"), ord("ゖ") + 1)]
    folds: dict[str, str | None] = {h: _fold_katakana(jaconv.hira2kata(h)) for h in hiragana}
    katakana = [chr(c) for c in range(ord("ァ"), ord("ヺ") + 1)] + [chr(c) for c in range(0x31F0, 0x3200)]
    folds.update({k: _fold_katakana(k) for k in katakana})
    return {source: target for source, target in folds.items() if source != target}


def _fold_katakana(ch: str) -> str:
    large = jaconv.enlarge_smallkana(ch)
    # Small ㇰ-ㇿ (アイヌ語表記) are not known to jaconv; NFKC leaves them, so fold them here.
    large = _SMALL_EXTENSIONS.get(large, large)
    return VOICING_FOLDS.get(large, large)


_SMALL_EXTENSIONS = dict(
    zip("ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ", "クシストヌハヒフヘホムラリルレロ", strict=True)
)


def _mark_folds() -> dict[str, str | None]:
    deleted = [*SEPARATORS, "\u3099", "\u309a", "々", "〻"]
    deleted += [chr(c) for c in range(0xFE00, 0xFE10)] + [chr(c) for c in range(0xE0100, 0xE01F0)]
    folds: dict[str, str | None] = dict.fromkeys(deleted)
    folds.update(dict.fromkeys(LONG_VOWEL_LOOKALIKES, LONG_VOWEL))
    return folds


def _space_folds() -> dict[str, str | None]:
    return {chr(c): None for c in range(0x3001) if chr(c).isspace() or unicodedata.category(chr(c)) == "Zs"}


def _latin_folds() -> dict[str, str | None]:
    folds: dict[str, str | None] = {chr(c): chr(c).upper() for c in range(ord("a"), ord("z") + 1)}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base.isascii() and base.isalpha():
            folds[chr(code)] = base.upper()
    return folds


def _build_kana_table() -> dict[int, str | None]:
    table: dict[str, str | None] = {}
    for build in (_kana_folds, _latin_folds, _mark_folds, _space_folds):
        table.update(build())
    return {ord(source): target for source, target in table.items()}


# Built once at import (a few milliseconds) so that every key is one lookup away from its table.
_KANA_TABLE = _build_kana_table()
_NAME_TABLE = {**_KANA_TABLE, **{ord(variant): standard for variant, standard in itaiji_table().items()}}
