"""Fuzz the parser: any text either compiles or raises RuleError, never anything else."""

import datetime as dt
import random
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from madoguchi.domain.rules import RuleError, compile_expression

SEEDS = [
    "deceased.is_householder and household.remaining_count >= 2",
    "deceased.insurance == '国保' and answers.funeral_held",
    "len(deceased.handbooks) > 0 or not (a or b)",
    "date('2026-01-31') + months(1) - days(3) > today",
    "x in ['a', 'b'] and 6 <= y <= 15 and any([p, q])",
    "(a + 1) * 2 // 3 % 4 != -b",
]
TOKENS = [
    *"()[]{}'\".,:;+-*/%<>=!~^&|@#\\ \n\t0123456789",
    "and",
    "or",
    "not",
    "in",
    "is",
    "if",
    "else",
    "lambda",
    "len",
    "any",
    "date",
    "days",
    "true",
    "None",
    "...",
    "**",
    "国保",
    "故人",
    "\x00",
    "０",
]
FACTS = {"a": True, "b": False, "x": "a", "y": 7, "today": dt.date(2026, 1, 1), "deceased": {"age": 80}}


def _check(text: str) -> None:
    try:
        expression = compile_expression(text)
    except RuleError as err:
        assert err.offset is None or 0 <= err.offset <= len(text)
        return
    try:
        expression.evaluate(FACTS)
        expression.value(FACTS)
    except RuleError:
        pass


@settings(max_examples=600, deadline=None)
@given(st.text(max_size=80))
def test_any_text_compiles_or_raises_rule_error(text: str) -> None:
    _check(text)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from([*TOKENS, "a", "b", "x", "y", "deceased.age"]), max_size=30))
def test_token_soup_compiles_or_raises_rule_error(tokens: list[str]) -> None:
    _check(" ".join(tokens))


def _mutate(rng: random.Random, text: str) -> str:
    choice = rng.randrange(4)
    position = rng.randrange(len(text) + 1)
    if choice == 0:
        return text[:position] + rng.choice(TOKENS) + text[position:]
    if choice == 1:
        return text[:position] + text[position + rng.randrange(1, 5) :]
    if choice == 2:
        return text[:position] + rng.choice(string.printable) + text[position:]
    return text[:position] + "(" * rng.randrange(1, 40) + text[position:]


@pytest.mark.slow
def test_hundred_thousand_mutated_conditions() -> None:
    rng = random.Random(20261126)
    for _ in range(100_000):
        text = rng.choice(SEEDS)
        for _ in range(rng.randrange(1, 4)):
            text = _mutate(rng, text)
        _check(text)


@pytest.mark.parametrize(
    "text",
    [
        "not " * 500 + "a",
        "-" * 900 + "1",
        "a" + " + a" * 400,
        "(" * 250 + "a" + ")" * 250,
        "[" * 100 + "]" * 100,
    ],
)
def test_deep_nesting_is_refused_cleanly(text: str) -> None:
    with pytest.raises(RuleError):
        compile_expression(text)
