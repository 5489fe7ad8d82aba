"""The register → navigator facts adapter: only what the register says, everything else unknown."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from madoguchi.counter.facts import (
    Person,
    death_facts,
    death_facts_from_register,
    move_facts,
)
from madoguchi.counter.packs import current_pack
from madoguchi.domain.packs import Facts

DEATH = dt.date(2026, 11, 18)


def _person(key: str, birth: dt.date, relation: str = "", **extra) -> Person:
    return Person(key=key, name=key, birth_date=birth, relation=relation, from_register=True, **extra)


def _facts(deceased: Person, others: list[Person]) -> dict[str, object]:
    return {f.name: f.value for f in death_facts(deceased, [deceased, *others], DEATH)}


@pytest.mark.parametrize(
    ("birth", "late", "nhi", "expected_age", "expected_insurance"),
    [
        (dt.date(1941, 2, 11), True, False, 85, "後期高齢"),
        (dt.date(1960, 11, 18), False, True, 66, "国保"),  # birthday on the day of death counts
        (dt.date(1960, 11, 19), False, True, 65, "国保"),
        (dt.date(1980, 1, 1), False, False, 46, None),  # neither flag: 被用者保険 or なし — unknown
    ],
)
def test_age_on_the_day_of_death_and_insurance(birth, late, nhi, expected_age, expected_insurance):
    facts = _facts(_person("d", birth, "世帯主", late_elderly=late, nhi=nhi), [])
    assert facts["deceased.age"] == expected_age
    assert facts.get("deceased.insurance") == expected_insurance


def test_householder_household_counts_and_spouse():
    deceased = _person("d", dt.date(1941, 2, 11), "世帯主")
    wife = _person("w", dt.date(1945, 5, 1), "妻")
    grandchild = _person("g", dt.date(2014, 3, 1), "孫")
    facts = _facts(deceased, [wife, grandchild])
    assert facts["deceased.is_householder"] is True
    assert facts["household.size"] == 3
    assert facts["household.remaining_count"] == 2
    assert facts["household.remaining_15plus_count"] == 1
    assert facts["household.has_children_under_18"] is True
    assert facts["spouse.exists"] is True
    assert facts["spouse.age"] == 81


def test_facts_the_register_cannot_give_stay_absent():
    facts = _facts(_person("d", dt.date(1980, 1, 1), "子"), [])
    # A spouse may live elsewhere; pensions, taxes and employment are not in the register.
    for name in (
        "spouse.exists",
        "deceased.pension.receiving",
        "deceased.tax.resident_tax_payer",
        "deceased.is_parent_of_minor_in_household",
        "deceased.kaigo.insured",
    ):
        assert name not in facts


def test_someone_not_living_in_the_household_is_not_counted():
    deceased = _person("d", dt.date(1941, 2, 11), "世帯主")
    moved = Person(key="m", name="m", birth_date=dt.date(1970, 1, 1), relation="子", current=False)
    facts = _facts(deceased, [moved])
    assert facts["household.remaining_count"] == 0


@pytest.mark.parametrize(
    ("ages", "any_65", "any_school", "any_late"),
    [
        ((41, 39, 10), False, True, False),
        ((80, 78), True, False, True),
        ((70,), True, False, None),  # 65-74: 後期 only with a disability certificate — unknown
    ],
)
def test_move_facts_from_ages(ages, any_65, any_school, any_late):
    on = dt.date(2026, 12, 1)
    movers = [_person(str(i), dt.date(on.year - age, 1, 1)) for i, age in enumerate(ages)]
    facts = {f.name: f.value for f in move_facts("move_out", movers, on)}
    assert facts["move.type"] == "転出"
    assert facts["movers.count"] == len(ages)
    assert facts["movers.any_65plus"] is any_65
    assert facts["movers.any_school_age"] is any_school
    assert facts.get("movers.any_late_elderly") == any_late


def test_register_facts_are_declared_facts_of_the_pack():
    found = death_facts(_person("d", dt.date(1941, 2, 11), "世帯主", care=True), [], DEATH)
    facts = Facts.checked(current_pack().facts, {f.name: f.value for f in found})
    assert facts["deceased.death_date"] == DEATH
    assert facts["deceased.kaigo.insured"] is True


def test_death_facts_from_register(bereaved_household):
    facts = death_facts_from_register("100001", DEATH)
    assert facts["deceased.age"] == 85
    assert facts["deceased.has_inkan_registration"] is True
    assert facts["household.remaining_count"] == 2
    assert (facts["spouse.exists"], facts["spouse.age"]) == (True, 81)


def test_death_facts_from_register_unknown_number(db):
    with pytest.raises(LookupError, match="宛名番号 999 の住民は住民記録にありません"):
        death_facts_from_register("999", DEATH)


people_births = st.lists(st.dates(min_value=dt.date(1900, 1, 1), max_value=DEATH), max_size=8)


@given(deceased_birth=st.dates(min_value=dt.date(1900, 1, 1), max_value=DEATH), births=people_births)
def test_household_counts_are_consistent_for_any_household(deceased_birth, births):
    deceased = _person("d", deceased_birth, "世帯主")
    others = [_person(f"m{i}", birth, "子") for i, birth in enumerate(births)]
    facts = _facts(deceased, others)
    assert facts["household.size"] == facts["household.remaining_count"] + 1 == len(births) + 1
    assert 0 <= facts["household.remaining_15plus_count"] <= facts["household.remaining_count"]
    assert 0 <= facts["deceased.age"] <= DEATH.year - 1900
    # The register never claims a spouse it cannot see.
    assert "spouse.exists" not in facts
