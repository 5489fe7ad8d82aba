"""The one-pass flat coercion gives exactly coerce_facts' result, flattened, or leaves it the report."""

import datetime as dt
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from madoguchi.domain.navigator.navigate import flatten_facts
from madoguchi.domain.packs import coerce_facts, load_pack
from madoguchi.domain.packs.facts import flat_coercer

PACK = load_pack(Path(__file__).resolve().parents[3] / "packs" / "sample-city")
COERCE_INTO = flat_coercer(PACK.facts)
NAMES = sorted(PACK.facts)


class Count(int):
    """An int subclass: accepted by coerce_facts, not stored as is by the fast path's type check."""


values = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from([0, 3, 82, Count(2), 1.5, "国保", "後期高齢", "男", "日本人", "外国人", "x", ""]),
    st.sampled_from(["2026-11-20", "2026-02-30", dt.date(2026, 11, 20), dt.datetime(2026, 11, 20, 9)]),
    st.lists(st.sampled_from(["身体", "療育", "精神", "x"]), max_size=2),
    st.just(("身体",)),
    st.builds(lambda: {"nested": True}),  # a fresh dict each time: _nest may add to it
)
names = st.one_of(st.sampled_from(NAMES), st.sampled_from(["deceased.unknown", "other", "answers"]))


def _valid(name: str) -> st.SearchStrategy:
    spec = PACK.facts[name]
    by_type = {
        "bool": st.booleans(),
        "int": st.sampled_from([0, 82, Count(2)]),
        "number": st.sampled_from([0, 1.5]),
        "string": st.sampled_from(list(spec.values) or ["x"]),
        "date": st.sampled_from(["2026-11-20", dt.date(2026, 11, 20), dt.datetime(2026, 11, 20, 9)]),
        "list": st.sampled_from([[], list(spec.values[:1]), tuple(spec.values[:1])]),
    }
    return st.one_of(st.none(), by_type[spec.type])


# Mostly facts coerce_facts accepts (each of the declared type), some anything at all.
valid_facts = st.lists(st.sampled_from(NAMES).flatmap(lambda n: st.tuples(st.just(n), _valid(n)))).map(dict)
any_facts = st.one_of(valid_facts, valid_facts, st.dictionaries(names, values))


def _nest(flat: dict[str, Any]) -> dict[Any, Any]:
    nested: dict[Any, Any] = {}
    for name, value in flat.items():
        *parents, leaf = name.split(".")
        level = nested
        for part in parents:
            level = level.setdefault(part, {})
            if not isinstance(level, dict):
                return nested  # a fact and a group of the same name: keep what was built
        level[leaf] = value
    return nested


@settings(max_examples=400, deadline=None)
@given(any_facts, st.booleans())
def test_flat_coercion_equals_coerce_then_flatten(given_facts: dict, odd_key: bool) -> None:
    facts = _nest(given_facts)
    if odd_key and given_facts:
        facts[1] = True  # a key that is not text: coerce_facts reports it
    values, messages = coerce_facts(PACK.facts, facts)
    flat = {"blank": None}
    result = COERCE_INTO(flat, facts)
    if messages:
        assert result is None
        return
    assert result == values
    assert flat == {"blank": None, **flatten_facts(values)}
    assert list(flat) == ["blank", *flatten_facts(values)]


def test_dates_and_lists_are_converted_as_coerce_facts_converts_them() -> None:
    facts = {"deceased": {"death_date": "2026-11-20", "handbooks": ("身体",), "age": 82}}
    flat: dict[str, Any] = {}
    result = COERCE_INTO(flat, facts)
    assert result == coerce_facts(PACK.facts, facts)[0]
    assert flat["deceased.death_date"] == dt.date(2026, 11, 20)
    assert flat["deceased.handbooks"] == ["身体"] and flat["deceased.age"] == 82
    assert flat["deceased"] is result["deceased"]


def test_facts_coerce_facts_would_report_give_none() -> None:
    for facts in (
        {"deceased": {"age": "82"}},
        {"deceased": {"insurance": "共済"}},
        {"deceased": {"death_date": "2026-02-30"}},
        {"nobody": 1},
    ):
        assert coerce_facts(PACK.facts, facts)[1]
        assert COERCE_INTO({}, facts) is None
