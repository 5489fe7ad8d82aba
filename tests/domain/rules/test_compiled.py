"""Compiled closures give exactly what the tree walk gives: values, decisive atoms and errors."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from madoguchi.domain.rules import UNKNOWN, RuleError, compile_expression

U = UNKNOWN

FACT_NAMES = ["a", "b", "n", "s", "lst", "d", "p.q", "p.r"]
LITERALS = ["true", "false", "0", "2", "65", "1.5", "'国保'", "'男'", "['国保', '後期高齢']", "[]", "today"]
ATOM_TEMPLATES = [
    "{f}",
    "not {f}",
    "{f} == {lit}",
    "{f} != {lit}",
    "{f} >= {lit}",
    "{f} < {lit}",
    "{f} in {lit}",
    "{f} not in ['国保', '後期高齢']",
    "{lit} in {f}",
    "len({f}) > 0",
    "any([{f}, {g}])",
    "all([{f}, {g}])",
    "-{f} <= {lit}",
    "{f} + 1 > {lit}",
    "{f} - days(3) < today",
    "1 <= {f} <= 65",
]

atoms = st.builds(
    lambda template, f, g, lit: template.format(f=f, g=g, lit=lit),
    st.sampled_from(ATOM_TEMPLATES),
    st.sampled_from(FACT_NAMES),
    st.sampled_from(FACT_NAMES),
    st.sampled_from(LITERALS),
)
conditions = st.recursive(
    atoms,
    lambda inner: st.one_of(
        st.builds(lambda x, y: f"({x}) and ({y})", inner, inner),
        st.builds(lambda x, y: f"({x}) or ({y})", inner, inner),
        st.builds(lambda x, y, z: f"{x} and {y} or {z}", inner, inner, inner),
        st.builds(lambda x: f"not ({x})", inner),
    ),
    max_leaves=6,
)
values = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from([0, 1, 2, 64, 65, 66, -3, 1.5]),
    st.sampled_from(["国保", "後期高齢", "男", "", "x"]),
    st.sampled_from([[], ["国保"], ["身体", "療育"], [True]]),
    st.just(dt.date(2026, 11, 20)),
    st.just(UNKNOWN),
)
TODAY = {"today": dt.date(2026, 11, 30)}


@st.composite
def fact_sets(draw: st.DrawFn) -> dict:
    facts = {**TODAY, **draw(st.dictionaries(st.sampled_from(["a", "b", "n", "s", "lst", "d"]), values))}
    nested = draw(st.dictionaries(st.sampled_from(["q", "r"]), values))
    if draw(st.booleans()):
        facts["p"] = nested
    else:
        facts.update({f"p.{key}": value for key, value in nested.items()})
    return facts


def _outcome(function, facts: dict) -> tuple[str, object]:
    try:
        return "value", function(facts)
    except RuleError as err:
        return "error", str(err)


@settings(max_examples=250, deadline=None)
@given(conditions, fact_sets())
def test_compiled_value_equals_the_tree_walk(text: str, facts: dict) -> None:
    expression = compile_expression(text)
    assert _outcome(expression.value, facts) == _outcome(expression.root.value, facts)


@settings(max_examples=250, deadline=None)
@given(conditions, fact_sets())
def test_verdict_equals_the_full_trace(text: str, facts: dict) -> None:
    expression = compile_expression(text)
    full = _outcome(lambda f: (lambda e: (e.value, e.decisive()))(expression.evaluate(f)), facts)
    assert _outcome(lambda f: tuple(expression.verdict(f)), facts) == full


@pytest.mark.parametrize(
    ("condition", "facts", "expected"),
    [
        ("flag == true", {"flag": 1}, False),  # 1 is a number, not a truth value
        ("count == 1", {"count": True}, False),
        ("count >= 1", {"count": 1.0}, True),
        ("kind != '国保'", {"kind": 3}, True),  # a number is never the string
        ("kind in ['国保', '後期高齢']", {"kind": "国保"}, True),
        ("kind not in ['国保']", {"kind": 3}, True),
        ("kind in ['国保']", {}, U),
        ("p.q >= 2", {"p.q": None, "p": {"q": 5}}, U),  # a flat None wins over the nested value
        ("p.q >= 2", {"p": {"q": 5}}, True),
        ("p.q >= 2", {"p.q": U, "p": {"q": 5}}, True),  # an unknown flat value falls back to nesting
        ("p.q == '国保'", {"p.q": U, "p": {"q": "国保"}}, True),
        ("p.q in ['国保']", {"p.q": U, "p": {"q": "国保"}}, True),
        ("p.q >= 2", {"p": 3}, U),
    ],
)
def test_fast_paths_keep_the_language_rules(condition: str, facts: dict, expected: object) -> None:
    expression = compile_expression(condition)
    assert expression.value(facts) is expected
    assert expression.evaluate(facts).value is expected


@pytest.mark.parametrize(
    ("condition", "facts", "fragment"),
    [
        ("age >= 65", {"age": "65"}, "大小を比べられません"),
        ("age >= 65", {"age": True}, "大小を比べられません"),
        ("kind in ['国保']", {"kind": None, "x": 1}, None),
        ("a and b", {"a": 3}, "真偽値ではありません"),
        ("not a", {"a": "はい"}, "真偽値ではありません"),
    ],
)
def test_fast_paths_raise_the_same_errors(condition: str, facts: dict, fragment: str | None) -> None:
    expression = compile_expression(condition)
    fast, walked = _outcome(expression.value, facts), _outcome(expression.root.value, facts)
    assert fast == walked
    if fragment is not None:
        assert fast[0] == "error" and fragment in str(fast[1])
