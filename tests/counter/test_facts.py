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
        "deceased.kaigo.insured",
    ):
        assert name not in facts


def test_without_a_child_under_18_in_the_household_child_procedures_are_decided_by_the_register():
    # given a 93-year-old living with a 60-year-old son, and another with a grandchild of 10
    alone = _facts(_person("d", dt.date(1933, 5, 1), "母"), [_person("s", dt.date(1966, 1, 1), "世帯主")])
    with_child = _facts(_person("d", dt.date(1933, 5, 1), "母"), [_person("g", dt.date(2016, 1, 1), "子")])
    # then without a child the register says no parent of a minor, no 児童手当; with one it cannot say
    assert alone["deceased.is_parent_of_minor_in_household"] is False
    assert alone["deceased.child_allowance_recipient"] is False
    assert "deceased.is_parent_of_minor_in_household" not in with_child
    assert "deceased.child_allowance_recipient" not in with_child


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


def test_a_removal_by_death_and_the_insurance_flags_decide_what_the_register_can():
    deceased = _person("d", dt.date(1933, 5, 1), "世帯主", late_elderly=True, removed_by_death=True)
    wife = _person("w", dt.date(1936, 1, 1), "妻", late_elderly=True)
    facts = _facts(deceased, [wife])
    assert facts["deceased.removed_by_death"] is True
    # 後期高齢 excludes 生活保護; a 93-year-old is in no 保育所 and is no child for 児童手当.
    assert facts["deceased.livelihood_protection"] is False
    assert facts["deceased.in_nursery"] is False
    assert facts["deceased.is_child_for_allowance"] is False
    # No child under 18 in the household: no 児童手当 or 児童扶養手当 paid to the deceased here.
    assert facts["deceased.child_allowance_recipient"] is False
    assert facts["deceased.child_rearing_allowance_recipient"] is False
    assert facts["household.remaining_nhi_count"] == 0
    assert facts["deceased.is_nhi_payer"] is False


def test_a_householder_outside_nhi_still_pays_for_an_nhi_member():
    deceased = _person("d", dt.date(1970, 5, 1), "世帯主", nhi=False)
    son = _person("s", dt.date(2000, 1, 1), "子", nhi=True)
    facts = _facts(deceased, [son])
    assert facts["deceased.is_nhi_payer"] is True  # 擬制世帯主
    assert facts["household.remaining_nhi_count"] == 1


def test_a_non_householder_is_not_the_nhi_payer():
    head = _person("h", dt.date(1950, 1, 1), "世帯主", nhi=True)
    deceased = _person("d", dt.date(1952, 1, 1), "妻", nhi=True)
    assert _facts(deceased, [head])["deceased.is_nhi_payer"] is False


def test_a_current_person_is_not_yet_removed():
    deceased = _person("d", dt.date(1933, 5, 1), "世帯主")
    assert _facts(deceased, [])["deceased.removed_by_death"] is False


def test_the_mothers_insurance_and_pension_come_from_the_register():
    from madoguchi.counter.facts import birth_facts

    born = dt.date(2026, 11, 20)
    mother = _person("m", dt.date(1995, 1, 1), "妻", sex="女", nhi=True, pension_kind="第1号")
    facts = {f.name: f.value for f in birth_facts([mother], born)}
    assert facts == {"child.birth_date": born, "mother.insurance": "国保", "mother.pension_type1": True}
    employee = _person("m", dt.date(1995, 1, 1), "妻", sex="女", pension_kind="第3号")
    facts = {f.name: f.value for f in birth_facts([employee], born)}
    assert facts["mother.pension_type1"] is False
    assert "mother.insurance" not in facts  # 被用者保険 or その他: the register cannot tell
    Facts.checked(current_pack().facts, facts)


def test_marriage_and_divorce_facts_from_the_household():
    from madoguchi.counter.facts import divorce_facts, marriage_facts

    on = dt.date(2026, 11, 20)
    wife = _person("w", dt.date(1990, 1, 1), "妻", sex="女", mynumber_card=True, seal=False)
    child = _person("c", dt.date(2018, 1, 1), "子")
    household = [_person("h", dt.date(1988, 1, 1), "世帯主"), wife, child]
    married = {f.name: f.value for f in marriage_facts(wife, household, on)}
    assert married["renamed.has_mynumber_card"] is True
    assert married["answers.has_children"] is True
    divorced = {f.name: f.value for f in divorce_facts(wife, household, on)}
    assert divorced["leaver.age"] == 36
    assert divorced["divorce.has_minor_children"] is True
    Facts.checked(current_pack().facts, {**married, **divorced})


def test_move_facts_give_the_date_and_definite_register_flags():
    on = dt.date(2026, 11, 20)
    movers = [_person("a", dt.date(1990, 1, 1), "世帯主", pension_kind="第1号", nhi=False)]
    facts = {f.name: f.value for f in move_facts("move_out", movers, on)}
    assert facts["move.date"] == on
    assert facts["movers.any_pension_type1"] is True
    assert facts["movers.any_nhi"] is False


@pytest.mark.parametrize(
    ("deceased", "relation", "sex", "expected"),
    [
        ("世帯主", "妻", "女", "妻"),
        ("世帯主", "子", "男", "子"),
        ("妻", "世帯主", "男", "夫"),
        ("母", "世帯主", "男", "子"),
        ("母", "妻", "女", "子の妻"),
        ("子", "世帯主", "女", "母"),
        ("子", "世帯主", "", ""),
        ("同居人", "世帯主", "男", ""),
    ],
)
def test_relation_to_the_deceased_follows_from_the_relations_to_the_head(deceased, relation, sex, expected):
    from madoguchi.counter.facts import relation_to_deceased

    assert relation_to_deceased(deceased, relation, sex) == expected


def _recorded(event: str, movers: list[Person], on: dt.date) -> object:
    facts = {f.name: f.value for f in move_facts(event, movers, on)}
    Facts.checked(current_pack().facts, facts)
    return facts.get("movers.move_recorded")


NOV20, NOV21 = dt.date(2026, 11, 20), dt.date(2026, 11, 21)


@pytest.mark.parametrize(
    ("event", "extra", "expected", "why"),
    [
        ("move_out", {"current": False, "moved_out": True}, True, "転出による除票: 転出届は受理済み"),
        ("move_out", {}, False, "まだ住民: 転出届はこれから"),
        ("move_in", {"change_reason": "転入", "changed_on": NOV20}, True, "この転入が記載済み"),
        ("move_in", {"change_reason": "転入", "changed_on": dt.date(2019, 4, 1)}, False, "以前の転入"),
        ("move_within", {"change_reason": "転居", "changed_on": NOV21}, True, "記載は異動日以後"),
        ("move_within", {"change_reason": "転入", "changed_on": NOV20}, False, "事由が違う"),
        ("move_within", {"current": False, "change_reason": "転居", "changed_on": NOV20}, False, "除票"),
    ],
)
def test_the_register_tells_whether_the_move_is_already_recorded(event, extra, expected, why):
    mover = _person("a", dt.date(1990, 1, 1), "世帯主", **extra)
    assert _recorded(event, [mover], dt.date(2026, 11, 20)) is expected, why


def test_a_typed_in_mover_leaves_the_move_unknown():
    on = dt.date(2026, 11, 20)
    registered = _person("a", dt.date(1990, 1, 1), "世帯主", current=False, moved_out=True)
    typed = Person(key="typed:1", name="入力", birth_date=dt.date(1992, 1, 1))
    assert _recorded("move_out", [registered, typed], on) is None


def test_a_child_on_the_register_means_the_birth_was_reported():
    from madoguchi.counter.facts import birth_facts

    born = dt.date(2026, 11, 20)
    child = _person("c", born, "子")
    assert {f.name: f.value for f in birth_facts([], born, child)}["child.on_register"] is True
    other = _person("c", dt.date(2024, 5, 1), "子")  # a sibling picked by mistake: not this birth
    assert {f.name: f.value for f in birth_facts([], born, other)}["child.on_register"] is False
    typed = Person(key="typed:1", name="入力", birth_date=born)
    assert "child.on_register" not in {f.name for f in birth_facts([], born, typed)}


def test_the_departments_numbers_decide_handbooks_and_allowance_and_outrank_the_household():
    holdings = (
        ("handbooks", ["身体"]),
        ("child_allowance", True),
        ("jiritsu_shien", False),
        ("welfare_medical", ["重度心身障害者医療"]),
        ("disability_allowances", []),
        ("moped", True),
    )
    deceased = _person("d", dt.date(1950, 1, 1), "世帯主", holdings=holdings)
    facts = _facts(deceased, [_person("w", dt.date(1952, 1, 1), "妻")])
    assert facts["deceased.handbooks"] == ["身体"]
    assert facts["deceased.jiritsu_shien"] is False
    assert facts["deceased.welfare_medical"] == ["重度心身障害者医療"]
    assert facts["deceased.disability_allowances"] == []
    assert facts["deceased.tax.moped_owner"] is True
    # No child under 18 lives here, but the 児童手当 numbers say the deceased received it (a child elsewhere);
    # the 児童扶養手当 numbers are not imported, so the household decides that one.
    assert facts["deceased.child_allowance_recipient"] is True
    assert facts["deceased.child_rearing_allowance_recipient"] is False
    unknown = _facts(_person("d", dt.date(1950, 1, 1), "世帯主"), [])
    assert "deceased.handbooks" not in unknown and "deceased.jiritsu_shien" not in unknown


@pytest.mark.parametrize(
    ("held", "expected"),
    [((["療育"], []), True), (([], []), False), (([], None), None)],
)
def test_movers_any_handbook_needs_every_mover_known(held, expected):
    movers = [
        _person(f"m{i}", dt.date(1980, 1, 1), holdings=(("handbooks", h),) if h is not None else ())
        for i, h in enumerate(held)
    ]
    facts = {f.name: f.value for f in move_facts("move_out", movers, DEATH)}
    assert facts.get("movers.any_handbook") == expected
