"""Kanji numerals as they appear in dates and addresses."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from madoguchi.domain.japanese import JapaneseInputError, int_to_kanji, kanji_to_int, replace_kanji_numerals

# Each row: kanji as written, its value.
READ = [
    ("一〇五", 105),
    ("百五", 105),
    ("二十三", 23),
    ("十", 10),
    ("十一", 11),
    ("千九百八十九", 1989),
    ("二〇二六", 2026),
    ("二千二十六", 2026),
    ("一万二千", 12000),
    ("〇", 0),
    ("弐拾壱", 21),
    ("三百", 300),
    ("一億二千万", 120_000_000),
    ("二兆", 2 * 10**12),
]


@pytest.mark.parametrize(("kanji", "value"), READ)
def test_kanji_numerals_read_as_numbers(kanji, value):
    assert kanji_to_int(kanji) == value


# Each row: number, with units, digit by digit.
WRITE = [
    (105, "百五", "一〇五"),
    (23, "二十三", "二三"),
    (10, "十", "一〇"),
    (2026, "二千二十六", "二〇二六"),
    (0, "〇", "〇"),
]


@pytest.mark.parametrize(("value", "with_units", "positional"), WRITE)
def test_numbers_written_in_kanji(value, with_units, positional):
    assert int_to_kanji(value) == with_units
    assert int_to_kanji(value, positional=True) == positional


@pytest.mark.parametrize("text", ["", "十a", "百五円"])
def test_non_numerals_are_refused(text):
    with pytest.raises(JapaneseInputError, match="漢数字として読めません"):
        kanji_to_int(text)


@pytest.mark.parametrize("value", [-1, 10**16])
def test_numbers_outside_the_kanji_range_are_refused(value):
    with pytest.raises(JapaneseInputError, match="範囲"):
        int_to_kanji(value)


def test_runs_inside_text_are_replaced():
    assert replace_kanji_numerals("常盤町一丁目二十三番地") == "常盤町1丁目23番地"


@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_numbers_round_trip_through_kanji(value):
    assert kanji_to_int(int_to_kanji(value)) == value
    assert kanji_to_int(int_to_kanji(value, positional=True)) == value
