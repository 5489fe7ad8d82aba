"""Fuzz the parser: any text either compiles or raises RuleError, never anything else."""

import contextlib
import datetime as dt
import random
import string
import warnings
from collections.abc import Iterator, Sequence

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
    # Evaluating it either gives a value or raises RuleError, never anything else.
    with contextlib.suppress(RuleError):
        expression.evaluate(FACTS)


@settings(max_examples=600, deadline=None)
@given(st.text(max_size=80))
def test_any_text_compiles_or_raises_rule_error(text: str) -> None:
    _check(text)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from([*TOKENS, "a", "b", "x", "y", "deceased.age"]), max_size=30))
def test_token_soup_compiles_or_raises_rule_error(tokens: list[str]) -> None:
    _check(" ".join(tokens))


class Draw:
    """Cheap seeded choices: `random()` is one C call, `randrange()` several Python calls."""

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed).random

    def below(self, count: int) -> int:
        return int(self._random() * count)

    def pick(self, items: Sequence[str]) -> str:
        return items[int(self._random() * len(items))]


def _mutate(draw: Draw, text: str) -> str:
    choice, position = draw.below(4), draw.below(len(text) + 1)
    if choice == 0:
        return text[:position] + draw.pick(TOKENS) + text[position:]
    if choice == 1:
        return text[:position] + text[position + 1 + draw.below(4) :]
    if choice == 2:
        return text[:position] + draw.pick(string.printable) + text[position:]
    return text[:position] + "(" * (1 + draw.below(39)) + text[position:]


def mutated_conditions(count: int, seed: int = 20261126) -> Iterator[str]:
    """Yield `count` texts, each a seed condition with one to three mutations."""
    draw = Draw(seed)
    for _ in range(count):
        text = draw.pick(SEEDS)
        for _ in range(1 + draw.below(3)):
            text = _mutate(draw, text)
        yield text


@pytest.mark.slow
def test_hundred_thousand_mutated_conditions() -> None:
    checked = 0
    for text in mutated_conditions(100_000):
        _check(text)
        checked += 1
    assert checked == 100_000


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


@pytest.mark.parametrize(
    "text",
    ["1and x", "0x1for y", "'\\d' == x", "1if x else y", "x == 1_000", "0o8", "1e5x", "a\\\nb", "国保1and"],
)
def test_python_warnings_never_leak_from_parsing(text: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with contextlib.suppress(RuleError):
            compile_expression(text)
    assert [str(w.message) for w in caught] == []
