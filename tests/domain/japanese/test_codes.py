"""Codes and phone numbers typed in either width, with spaces and any dash, read one way."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from madoguchi.domain.japanese import JapaneseInputError, code_digits, normalize_phone, parse_date, typed_code

# Each row: a code as typed, and the digits it stands for.
CODES = [
    ("123456", "123456"),
    ("１２３４５６", "123456"),
    ("１２３－４５６", "123456"),
    ("123ー456", "123456"),
    ("123 456", "123456"),
    ("１２３　４５６", "123456"),
    (" 698‐0024 ", "6980024"),
    ("698−0024", "6980024"),
    ("698ｰ0024", "6980024"),
]


@pytest.mark.parametrize(("typed", "digits"), CODES)
def test_code_digits_drop_width_spaces_and_dashes(typed, digits):
    assert code_digits(typed) == digits


def test_typed_code_keeps_the_groups_with_ascii_dashes():
    assert typed_code("２０２６ー０００１２") == "2026-00012"
    assert typed_code(" 2026  00012 ") == "2026-00012"


# Each row: a phone number as typed, and as it is stored.
PHONES = [
    ("0852-55-5555", "0852-55-5555"),
    ("０８５２－５５－５５５５", "0852-55-5555"),
    ("０９０ー１２３４ー５６７８", "090-1234-5678"),
    ("090 1234 5678", "090-1234-5678"),
    ("09012345678", "09012345678"),
    ("0852(55)5555", "0852(55)5555"),
    ("（０８５２）５５－５５５５", "(0852)55-5555"),
    ("+81-90-1234-5678", "+81-90-1234-5678"),
    ("", ""),
    ("　", ""),
]


@pytest.mark.parametrize(("typed", "stored"), PHONES)
def test_phone_numbers_are_read_in_any_width_and_dash(typed, stored):
    assert normalize_phone(typed) == stored


WRONG_PHONES = ["12345", "0852-55-55555555", "電話なし", "090-1234-567８a", "1852555555", "--"]


@pytest.mark.parametrize("typed", WRONG_PHONES)
def test_a_wrong_phone_number_is_refused_in_japanese(typed):
    with pytest.raises(JapaneseInputError, match=r"「.*」は電話番号として読めません（例: 0852"):
        normalize_phone(typed)


@given(st.text(max_size=40))
def test_phone_reading_never_raises_anything_else(text):
    try:
        stored = normalize_phone(text)
    except JapaneseInputError:
        return
    assert stored == normalize_phone(stored)
    assert stored.isascii()


@given(st.from_regex(r"[0-9]{6}", fullmatch=True), st.sampled_from(["-", "－", "ー", " ", "　", ""]))
def test_any_width_and_separator_gives_the_same_digits(digits, separator):
    full = digits.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert code_digits(f"{full[:3]}{separator}{full[3:]}") == digits


@pytest.mark.parametrize(
    "typed",
    [
        "２０２６ー１１ー２６",
        "2026−11−26",
        "2026‐11‐26",
        "R8ー11ー26",
        "令和８年１１月２６日",
        "２０２６ １１ ２６",
    ],
)
def test_dates_take_the_same_dashes_as_codes(typed):
    assert parse_date(typed) == dt.date(2026, 11, 26)
