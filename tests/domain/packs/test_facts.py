"""coerce_facts converts facts to their declared types and reports, in Japanese, what it cannot."""

import datetime as dt
from pathlib import Path

import pytest

from madoguchi.domain.packs import coerce_facts, load_pack

PACK = load_pack(Path(__file__).resolve().parents[3] / "packs" / "sample-city")


def test_dates_and_lists_are_converted() -> None:
    facts = {"deceased": {"death_date": "2026-11-20", "handbooks": ("身体",), "age": 82, "sex": None}}
    values, messages = coerce_facts(PACK.facts, facts)
    assert messages == []
    assert values == {
        "deceased": {"death_date": dt.date(2026, 11, 20), "handbooks": ["身体"], "age": 82, "sex": None}
    }
    moment = coerce_facts(PACK.facts, {"deceased": {"death_date": dt.datetime(2026, 11, 20, 9)}})[0]
    assert moment == {"deceased": {"death_date": dt.date(2026, 11, 20)}}


@pytest.mark.parametrize(
    ("facts", "fragment"),
    [
        ({"deceased": {"age": "82"}}, "int 型です"),
        ({"deceased": {"age": True}}, "int 型です"),  # a truth value is not a number
        ({"deceased": {"insurance": "共済"}}, "取りうる値"),
        ({"deceased": {"death_date": "2026-02-30"}}, "正しい日付ではありません"),
        ({"nobody": 1}, "宣言されていません"),
    ],
)
def test_facts_of_the_wrong_type_or_value_are_reported(facts: dict, fragment: str) -> None:
    _, messages = coerce_facts(PACK.facts, facts)
    assert len(messages) == 1 and fragment in messages[0]
