"""Declared vs register: a typo is flagged, a different notation of the same value is not."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from madoguchi.domain.japanese import ValueKind, differs_from_register, shown, to_full_width

V = ValueKind

SAME = [
    (V.NAME, "山田 太郎", "山田　太郎"),  # 半角・全角スペース
    (V.NAME, "山田太郎", "山田　太郎"),
    (V.NAME, "ＡＢＣ　花子", "ABC 花子"),  # 全角英字
    (V.KANA, "やまだ　たろう", "ヤマダ　タロウ"),  # ひらがな
    (V.KANA, "ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ　タロウ"),  # 半角カナ
    (V.DATE, "昭和20年5月1日", "1945-05-01"),
    (V.DATE, "S20.5.1", dt.date(1945, 5, 1)),
    (V.DATE, "3200501", "1945-05-01"),  # 7桁の和暦コード
    (V.ADDRESS, "サンプル市東町三丁目4番地5", "サンプル市東町3-4-5"),
    (V.ADDRESS, "東町三丁目４－５", "島根県サンプル市東町三丁目4番地5"),  # 市まで省略
    (V.TEXT, "０８５２", "0852"),
]

DIFFERENT = [
    (V.NAME, "山田　太朗", "山田　太郎"),
    (V.NAME, "高橋　一", "髙橋　一"),  # 異体字: the form prints what was declared
    (V.KANA, "ヤマダ　タロ", "ヤマダ　タロウ"),
    (V.DATE, "昭和20年5月2日", "1945-05-01"),
    (V.ADDRESS, "サンプル市東町三丁目4番地6", "サンプル市東町三丁目4番地5"),
    (V.ADDRESS, "サンプル市西町三丁目4番地5", "サンプル市東町三丁目4番地5"),
]


@pytest.mark.parametrize(("kind", "declared", "recorded"), SAME)
def test_the_same_value_in_another_notation_is_not_flagged(kind, declared, recorded):
    assert not differs_from_register(kind, declared, recorded)


@pytest.mark.parametrize(("kind", "declared", "recorded"), DIFFERENT)
def test_a_different_value_is_flagged(kind, declared, recorded):
    assert differs_from_register(kind, declared, recorded)


@pytest.mark.parametrize("kind", list(ValueKind))
@pytest.mark.parametrize(("declared", "recorded"), [("", "山田"), ("山田", ""), (None, "山田"), ("　", "x")])
def test_a_blank_on_either_side_is_never_flagged(kind, declared, recorded):
    # No register value (a person typed in) or nothing declared: nothing to compare.
    assert not differs_from_register(kind, declared, recorded)


def test_an_unreadable_date_is_compared_as_text():
    assert differs_from_register(V.DATE, "そのうち", "1945-05-01")


def test_dates_are_shown_in_wareki():
    assert shown(V.DATE, "1945-05-01") == "昭和20年5月1日"
    assert shown(V.NAME, "山田 太郎") == "山田 太郎"


@given(st.text(alphabet="あいうえおかきくけこアイウエオ山田太郎花子 　", min_size=1))
def test_width_and_spaces_never_make_a_difference(text):
    for kind in (V.NAME, V.KANA, V.TEXT):
        assert not differs_from_register(kind, to_full_width(text), text.replace(" ", "　"))
