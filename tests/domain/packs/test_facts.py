"""Facts.checked makes the one facts shape: flat dotted names, declared types, Japanese messages."""

import datetime as dt
from pathlib import Path

import pytest

from madoguchi.domain.packs import Facts, FactsError, load_pack

PACK = load_pack(Path(__file__).resolve().parents[3] / "packs" / "sample-city")


def test_nested_or_flat_input_gives_the_same_flat_typed_facts() -> None:
    nested = {"deceased": {"death_date": "2026-11-20", "handbooks": ("身体",), "age": 82, "sex": None}}
    flat = {"deceased.death_date": dt.date(2026, 11, 20), "deceased.handbooks": ["身体"], "deceased.age": 82}
    facts = Facts.checked(PACK.facts, nested)
    assert dict(facts) == flat and Facts.checked(PACK.facts, flat) == facts
    moment = Facts.checked(PACK.facts, {"deceased": {"death_date": dt.datetime(2026, 11, 20, 9)}})
    assert dict(moment) == {"deceased.death_date": dt.date(2026, 11, 20)}


def test_unknown_facts_are_absent_and_answers_win() -> None:
    register = Facts.checked(PACK.facts, {"deceased.age": 82, "deceased.sex": None})
    assert "deceased.sex" not in register
    answered = register.updated(PACK.facts, {"deceased.age": 83})
    assert answered["deceased.age"] == 83 and register["deceased.age"] == 82


def test_facts_are_immutable_and_round_trip_through_json() -> None:
    facts = Facts.checked(PACK.facts, {"deceased.death_date": "2026-11-20"})
    with pytest.raises(TypeError):
        facts._values["deceased.age"] = 1  # type: ignore[index]
    assert facts.to_json() == {"deceased.death_date": "2026-11-20"}
    assert Facts.checked(PACK.facts, facts.to_json()) == facts


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
    with pytest.raises(FactsError) as raised:
        Facts.checked(PACK.facts, facts)
    assert len(raised.value.messages) == 1 and fragment in raised.value.messages[0]
