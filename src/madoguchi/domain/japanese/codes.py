"""Numbers typed as codes: postal codes, confirmation codes, phone numbers, case numbers.

People type them in either width, with spaces, and with any of the dashes a Japanese keyboard
offers (－ ー ‐ −); one reading serves every field.
"""

from __future__ import annotations

import re
import unicodedata

from madoguchi.domain.japanese.errors import JapaneseInputError

# Every dash typed for a hyphen: IME dashes, the long vowel mark, box-drawing lines (addresses use them too).
DASHES = "-－ー‐‑‒–—―−─━ｰ"
_DASH_TABLE = str.maketrans(dict.fromkeys(DASHES, "-"))
_PHONE = re.compile(r"\+?[0-9]+(?:-[0-9]+)*|\([0-9]+\)[0-9]+-?[0-9]+|[0-9]+\([0-9]+\)[0-9]+", re.ASCII)
_PHONE_EXAMPLES = "例: 0852-55-5555、090-1234-5678"


def fold_dashes(text: str) -> str:
    """Return ``text`` in NFKC (ASCII digits and letters) with every dash an IME types as "-"."""
    return unicodedata.normalize("NFKC", text).translate(_DASH_TABLE)


def typed_code(text: str) -> str:
    """Return ``text`` in ASCII width with every dash as "-" and runs of spaces as one "-"."""
    return "-".join(fold_dashes(text).split())


def code_digits(text: str) -> str:
    """Return ``text`` in ASCII width without spaces or dashes (「１２３－４５６」 → "123456")."""
    return typed_code(text).replace("-", "")


def normalize_phone(text: str) -> str:
    """Return a phone number in ASCII with "-" between its groups, or raise JapaneseInputError.

    The groups are kept as typed (area codes vary in length): 10 or 11 digits from 0, or +81.
    """
    phone = typed_code(text)
    if not phone:
        return ""
    digits = "".join(ch for ch in phone if ch.isdigit())
    # +81 drops the trunk 0: +81-90-1234-5678 is 090-1234-5678.
    domestic = "0" + digits[2:] if phone.startswith("+81") else digits
    if not _PHONE.fullmatch(phone) or not domestic.startswith("0") or not 10 <= len(domestic) <= 11:
        raise JapaneseInputError(f"「{text.strip()}」は電話番号として読めません（{_PHONE_EXAMPLES}）")
    return phone
