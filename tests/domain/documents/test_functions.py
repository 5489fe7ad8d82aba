"""Helper functions that layout value expressions call (和暦, kana, address lines)."""

from __future__ import annotations

import datetime as dt

import pytest

from madoguchi.domain.documents.functions import FUNCTIONS
from madoguchi.domain.rules import UNKNOWN, RuleError, compile_expression

DATA = {
    "deceased": {"birth_date": "1974-06-02", "kana": "よしだ いちろう", "postal_code": "６９９－０１０１"},
    "address": "さんぷる市東町三丁目4番地5　東町ハイツ201号",
    "answers": {"third_party": False, "heirs": ["𠮷田 美咲（妻）", "𠮷田 陽菜（長女）"]},
    "first_day": dt.date(2019, 5, 1),
}

EXPRESSIONS = [
    # (expression, value written on the form)
    ("wareki(deceased.birth_date)", "昭和49年6月2日"),
    ("era(deceased.birth_date)", "昭和"),
    ("era_year(deceased.birth_date)", "49"),
    ("era_year(first_day)", "元"),
    ("month(deceased.birth_date)", 6),
    ("day('R8.11.26')", 26),
    ("age(deceased.birth_date, '2026-11-20')", 52),
    ("katakana(deceased.kana)", "ヨシダ イチロウ"),
    ("digits(deceased.postal_code)", "6990101"),
    ("address_main(address)", "さんぷる市東町三丁目4番地5"),
    ("katagaki(address)", "東町ハイツ201号"),
    ("pick(answers.third_party, '有', '無')", "無"),
    ("pick(answers.unknown_thing, '有', '無')", UNKNOWN),
    ("join('、', answers.heirs)", "𠮷田 美咲（妻）、𠮷田 陽菜（長女）"),
    ("yen(50000)", "50,000"),
]


@pytest.mark.parametrize(("expression", "expected"), EXPRESSIONS)
def test_helper_functions(expression, expected):
    value = compile_expression(expression, functions=FUNCTIONS).value(DATA)
    assert value is expected if expected is UNKNOWN else value == expected


@pytest.mark.parametrize(
    ("expression", "words"),
    [("wareki('令和8年2月30日')", "存在しない"), ("join('、', 3)", "リスト"), ("yen('千円')", "整数")],
)
def test_wrong_values_raise_rule_error_in_japanese(expression, words):
    with pytest.raises(RuleError, match=words):
        compile_expression(expression, functions=FUNCTIONS).value(DATA)
