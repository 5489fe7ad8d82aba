"""Probing answers in place decides the same questions as copying the facts, and restores them."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from madoguchi.domain.navigator.questions import deciding_facts, probe_values
from madoguchi.domain.packs import FactSpec
from madoguchi.domain.rules import UNKNOWN, RuleError, compile_expression, read_fact

SPECS = {
    "answers.funeral_held": FactSpec("answers.funeral_held", "bool", "interview", "葬儀を行った"),
    "answers.has_car": FactSpec("answers.has_car", "bool", "interview", "車がある"),
    "answers.years": FactSpec("answers.years", "int", "interview", "婚姻期間", unit="年"),
    "answers.kind": FactSpec("answers.kind", "string", "interview", "種別", ("国保", "後期高齢")),
    "deceased.age": FactSpec("deceased.age", "int", "registry", "故人の年齢"),
}
CONDITIONS = [
    "answers.funeral_held",
    "deceased.age >= 75 and answers.funeral_held",
    "answers.funeral_held or answers.has_car",
    "answers.years >= 10 and answers.kind == '国保'",
    "not answers.has_car and deceased.age < 65",
    "answers.years > 'x' or answers.funeral_held",  # some answers raise: they decide nothing
]


def probes_of(condition) -> list:
    names = sorted(n for n in condition.fact_names if SPECS.get(n) and SPECS[n].source == "interview")
    return [(name, probe_values(SPECS[name], condition)) for name in names]


def by_copying(condition, facts: dict) -> tuple[str, ...]:
    found = []
    for name, answers in probes_of(condition):
        if read_fact(facts, name) is not UNKNOWN:
            continue
        for answer in answers:
            try:
                decided = condition.value({**facts, name: answer}) is not UNKNOWN
            except RuleError:
                decided = False
            if decided:
                found.append(name)
                break
    return tuple(found)


known = st.dictionaries(
    st.sampled_from(sorted(SPECS)),
    st.one_of(st.none(), st.booleans(), st.sampled_from([5, 10, 70, 80, "国保", "後期高齢"])),
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(CONDITIONS), known)
def test_in_place_probing_equals_copying_and_restores_the_facts(text: str, facts: dict) -> None:
    condition = compile_expression(text)
    before = dict(facts)
    try:
        expected = by_copying(condition, facts)
    except RuleError:
        return
    assert deciding_facts(condition, facts, SPECS) == expected
    assert facts == before and list(facts) == list(before)


@pytest.mark.parametrize(
    ("condition", "facts", "asked"),
    [
        # 年齢が未確認でも「葬儀なし」と答えれば不要に決まる
        ("deceased.age >= 75 and answers.funeral_held", {}, ("answers.funeral_held",)),
        ("answers.funeral_held or answers.has_car", {}, ("answers.funeral_held", "answers.has_car")),
        ("answers.years >= 10 and answers.kind == '国保'", {}, ("answers.kind", "answers.years")),
        # どう答えても年齢しだい: 聞いても結果は変わらない
        ("deceased.age >= 75 or (answers.funeral_held and deceased.age < 0)", {}, ()),
    ],
)
def test_only_facts_whose_answer_decides_are_asked(condition: str, facts: dict, asked: tuple) -> None:
    expression = compile_expression(condition)
    assert deciding_facts(expression, dict(facts), SPECS) == asked


def test_a_register_fact_with_a_question_is_asked_only_while_the_register_is_silent() -> None:
    specs = {
        **SPECS,
        "deceased.insurance": FactSpec(
            "deceased.insurance", "string", "registry", "医療保険", ("国保", "なし"), question="保険は？"
        ),
    }
    condition = compile_expression("deceased.insurance == '国保' and deceased.age >= 75")
    # given the register silent about the insurance, then the question decides the condition
    assert deciding_facts(condition, {"deceased.age": 80}, specs) == ("deceased.insurance",)
    # given the register says 国保, then it is never asked
    assert deciding_facts(condition, {"deceased.age": 80, "deceased.insurance": "国保"}, specs) == ()


def test_a_register_fact_without_a_question_is_never_asked() -> None:
    condition = compile_expression("deceased.age >= 75")
    assert deciding_facts(condition, {}, SPECS) == ()
