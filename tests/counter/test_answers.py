"""Typed answers: a numeric answer that is not a number, negative or implausible is refused in Japanese."""

from __future__ import annotations

import pytest
from django import forms
from django.http import QueryDict

from madoguchi.counter.forms import parse_answer
from madoguchi.counter.packs import current_pack


def _post(value: str) -> QueryDict:
    data = QueryDict(mutable=True)
    data["value"] = value
    return data


@pytest.mark.parametrize(
    ("fact", "typed", "expected"),
    [
        ("deceased.pension.type1_paid_months", "１２０", 120),
        ("deceased.pension.type1_paid_months", "120か月", 120),
        ("child.birth_weight_g", "2,480", 2480),
        ("answers.marriage_years", "0", 0),
    ],
)
def test_numbers_are_read_with_full_width_digits_separators_and_units(fact, typed, expected):
    assert parse_answer(current_pack().facts[fact], _post(typed)) == expected


@pytest.mark.parametrize(
    ("fact", "typed", "message"),
    [
        ("deceased.pension.type1_paid_months", "abc", "整数ではありません"),
        ("deceased.pension.type1_paid_months", "-5", "0か月以上"),
        ("deceased.pension.type1_paid_months", "12000", "960か月以下"),
        ("child.birth_weight_g", "25000", "9999g以下"),
    ],
)
def test_bad_numbers_get_a_japanese_message(fact, typed, message):
    with pytest.raises(forms.ValidationError) as raised:
        parse_answer(current_pack().facts[fact], _post(typed))
    assert message in raised.value.messages[0]
    assert typed in raised.value.messages[0]


def test_no_code_or_program_word_is_shown_to_staff():
    for spec in current_pack().facts.values():
        shown = " ".join((spec.question, spec.help, spec.label, *spec.values))
        for word in ("false", "true", "JP", "dual", "foreign", "扱い"):
            assert word not in shown, (spec.name, word)
