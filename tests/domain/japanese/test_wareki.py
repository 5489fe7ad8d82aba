"""和暦: every accepted notation, every era boundary, and the messages staff see."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from madoguchi.domain.japanese import JapaneseInputError, format_wareki, parse_date, wareki_parts

# Each row: what staff or a core system may type, and the date it means.
NOTATIONS = [
    ("2026-11-26", date(2026, 11, 26)),
    ("2026/11/26", date(2026, 11, 26)),
    ("2026.11.26", date(2026, 11, 26)),
    ("2026年11月26日", date(2026, 11, 26)),
    ("20261126", date(2026, 11, 26)),
    ("２０２６－１１－２６", date(2026, 11, 26)),
    ("二〇二六年十一月二十六日", date(2026, 11, 26)),
    ("4050101", date(1993, 1, 1)),
    ("5081126", date(2026, 11, 26)),
    ("3450401", date(1970, 4, 1)),
    ("1060101", date(1873, 1, 1)),
    ("２１５０７３０", date(1926, 7, 30)),
    ("令和8年11月26日", date(2026, 11, 26)),
    ("令和元年5月1日", date(2019, 5, 1)),
    ("令和1年5月1日", date(2019, 5, 1)),
    ("R8.11.26", date(2026, 11, 26)),
    ("r8/11/26", date(2026, 11, 26)),
    ("R08-11-26", date(2026, 11, 26)),
    ("H31.4.30", date(2019, 4, 30)),
    ("H05.01.01", date(1993, 1, 1)),
    ("S45.4.1", date(1970, 4, 1)),
    ("Ｓ４５．４．１", date(1970, 4, 1)),
    ("T15.12.25", date(1926, 12, 25)),
    ("M45.7.30", date(1912, 7, 30)),
    ("昭45.4.1", date(1970, 4, 1)),
    ("昭和４５年４月１日", date(1970, 4, 1)),
    ("昭和四十五年四月一日", date(1970, 4, 1)),
    ("平成 5年 1月 1日", date(1993, 1, 1)),
    ("　令和　８年　１１月　２６日　", date(2026, 11, 26)),
    ("㍻5年1月1日", date(1993, 1, 1)),
    ("㋿8年11月26日", date(2026, 11, 26)),
    ("令和8年11月26", date(2026, 11, 26)),
    ("令和八年十一月二十六日", date(2026, 11, 26)),
    ("令和元年五月一日", date(2019, 5, 1)),
]


@pytest.mark.parametrize(("typed", "meant"), NOTATIONS)
def test_every_common_notation_reads_as_the_same_date(typed, meant):
    assert parse_date(typed) == meant


# Each row: a day around an era change, written in the era that is valid that day.
ERA_BOUNDARIES = [
    ("明治45年7月29日", date(1912, 7, 29)),
    ("明治45年7月30日", date(1912, 7, 30)),  # 改元の日は旧元号でも書ける（標準仕様）
    ("大正元年7月30日", date(1912, 7, 30)),
    ("大正15年12月25日", date(1926, 12, 25)),
    ("昭和元年12月25日", date(1926, 12, 25)),
    ("昭和64年1月7日", date(1989, 1, 7)),
    ("平成元年1月8日", date(1989, 1, 8)),
    ("平成31年4月30日", date(2019, 4, 30)),
    ("令和元年5月1日", date(2019, 5, 1)),
    ("明治6年1月1日", date(1873, 1, 1)),
]


@pytest.mark.parametrize(("typed", "meant"), ERA_BOUNDARIES)
def test_era_boundaries_are_exact(typed, meant):
    assert parse_date(typed) == meant


# Each row: wrong input, and the exact Japanese message staff see.
MISTAKES = [
    ("令和7年2月29日", "令和7年2月29日は存在しない日付です"),
    ("令和7年2月30日", "令和7年2月30日は存在しない日付です"),
    ("令和6年13月1日", "令和6年13月1日は存在しない日付です"),
    ("平成32年1月1日", "平成32年は存在しません（令和2年です）"),
    ("昭和65年3月1日", "昭和65年は存在しません（平成2年です）"),
    ("昭和64年1月8日", "昭和64年1月8日は存在しない日付です（平成元年1月8日です）"),
    ("平成31年5月1日", "平成31年5月1日は存在しない日付です（令和元年5月1日です）"),
    ("令和元年4月30日", "令和元年4月30日は存在しない日付です（平成31年4月30日です）"),
    ("平成元年1月7日", "平成元年1月7日は存在しない日付です（昭和64年1月7日です）"),
    ("大正元年7月29日", "大正元年7月29日は存在しない日付です（明治45年7月29日です）"),
    ("令和0年5月1日", "令和0年は存在しません（令和は元年から始まります）"),
    ("明治5年12月2日", "明治5年12月2日は改暦（明治6年1月1日）より前の旧暦の日付のため西暦に換算できません"),
    ("2025-02-29", "2025年2月29日は存在しない日付です"),
    ("20250229", "2025年2月29日は存在しない日付です"),
    ("5070229", "5070229（令和7年2月29日）は存在しない日付です"),
    ("4320101", "平成32年は存在しません（令和2年です）"),
    ("6010101", "「6010101」の先頭の元号コード6は1〜5（明治〜令和）ではありません"),
    ("0000000", "日付が入力されていません"),
    ("", "日付が入力されていません"),
    ("　", "日付が入力されていません"),
]


@pytest.mark.parametrize(("typed", "message"), MISTAKES)
def test_impossible_dates_are_refused_with_a_specific_message(typed, message):
    with pytest.raises(JapaneseInputError) as caught:
        parse_date(typed)
    assert str(caught.value) == message


# Notations we refuse because they could mean more than one day.
AMBIGUOUS = ["26/11/26", "11/26", "8.11.26", "令和八年", "2026年11月", "261126", "R8", "明日", "X8.11.26"]


@pytest.mark.parametrize("typed", AMBIGUOUS)
def test_ambiguous_input_is_refused_and_quoted(typed):
    with pytest.raises(JapaneseInputError, match="日付として読めません"):
        parse_date(typed)


# Each row: a date and how forms print it.
FORMATS = [
    (date(2026, 11, 26), "long", False, "令和8年11月26日"),
    (date(2026, 11, 26), "long", True, "令和八年十一月二十六日"),
    (date(2026, 11, 26), "short", False, "R8.11.26"),
    (date(2026, 11, 26), "code", False, "5081126"),
    (date(2019, 5, 1), "long", False, "令和元年5月1日"),
    (date(2019, 5, 1), "long", True, "令和元年五月一日"),
    (date(2019, 5, 1), "short", False, "R1.5.1"),
    (date(2019, 4, 30), "long", False, "平成31年4月30日"),
    (date(1989, 1, 7), "long", False, "昭和64年1月7日"),
    (date(1989, 1, 8), "long", False, "平成元年1月8日"),
    (date(1926, 12, 25), "long", False, "昭和元年12月25日"),
    (date(1912, 7, 30), "short", False, "T1.7.30"),
    (date(1873, 1, 1), "long", False, "明治6年1月1日"),
    (date(1993, 1, 1), "code", False, "4050101"),
    (date(1970, 4, 10), "long", True, "昭和四十五年四月十日"),
]


@pytest.mark.parametrize(("day", "style", "kanji", "printed"), FORMATS)
def test_forms_print_wareki_in_their_style(day, style, kanji, printed):
    assert format_wareki(day, style, kanji_numerals=kanji) == printed


def test_parts_for_forms_with_one_box_per_part():
    parts = wareki_parts(date(2019, 5, 1))
    assert (parts.era, parts.era_letter, parts.year, parts.year_text) == ("令和", "R", 1, "元")
    assert (parts.month, parts.day, parts.era_code) == (5, 1, 5)
    assert wareki_parts(date(2026, 11, 26)).year_text == "8"


@pytest.mark.parametrize(
    ("day", "style"), [(date(1872, 12, 31), "long"), (date(2026, 1, 1), "iso"), (date(2026, 1, 1), "short")]
)
def test_unprintable_requests_raise_our_error(day, style):
    with pytest.raises(JapaneseInputError):
        format_wareki(day, style, kanji_numerals=style == "short")


STYLES = [("long", False), ("long", True), ("short", False), ("code", False)]


@given(st.dates(min_value=date(1873, 1, 1), max_value=date(2100, 12, 31)), st.sampled_from(STYLES))
def test_any_date_round_trips_through_wareki_text(day, style):
    assert parse_date(format_wareki(day, style[0], kanji_numerals=style[1])) == day


@pytest.mark.slow
@pytest.mark.parametrize(("style", "kanji"), STYLES)
def test_every_day_from_1873_to_2100_round_trips(style, kanji):
    day, last = date(1873, 1, 1), date(2100, 12, 31)
    while day <= last:
        assert parse_date(format_wareki(day, style, kanji_numerals=kanji)) == day
        day += timedelta(days=1)


@given(st.text())
def test_arbitrary_text_raises_only_our_error(text):
    _parses_or_refuses_in_japanese(text)


@given(
    st.from_regex(
        r"[ 　]*[明大昭平令MTSHRmtshr0-9０-９元年月日./\-十百千〇一二三四五六七八九]{1,14}", fullmatch=True
    )
)
def test_date_like_text_raises_only_our_error(text):
    _parses_or_refuses_in_japanese(text)


def _parses_or_refuses_in_japanese(text):
    try:
        result = parse_date(text)
    except JapaneseInputError as err:
        assert str(err)
    else:
        assert isinstance(result, date)
