"""The navigator on the sample city's pack: statuses, reasons, deadlines, questions, JSON."""

import dataclasses
import datetime as dt
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from madoguchi.domain.navigator import NavigationError, navigate
from madoguchi.domain.packs import Facts, FactsError, Pack, load_pack
from madoguchi.domain.rules import UNKNOWN, compile_expression, read_fact

PACK_DIR = Path(__file__).resolve().parents[3] / "packs" / "sample-city"
TODAY = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack(PACK_DIR)


def householder_facts(**answers: object) -> dict:
    return {
        "deceased": {
            "age": 82,
            "death_date": "2026-11-20",
            "insurance": "国保",
            "is_nhi_payer": True,
            "is_householder": True,
            "resident_type": "日本人",
        },
        "household": {"remaining_count": 2, "remaining_15plus_count": 2, "remaining_nhi_count": 2},
        "answers": answers,
    }


def statuses(pack: Pack, facts: dict) -> dict[str, str]:
    return {
        r.id: r.status for r in navigate(pack, "death", Facts.checked(pack.facts, facts), TODAY).procedures
    }


def test_every_death_procedure_gets_a_result(pack: Pack) -> None:
    navigation = navigate(pack, "death", Facts.checked(pack.facts, householder_facts()), TODAY)
    assert len(navigation.procedures) == len(pack.events["death"].procedures) == 77


def test_reasons_use_labels_and_values(pack: Pack) -> None:
    result = next(
        r
        for r in navigate(pack, "death", Facts.checked(pack.facts, householder_facts()), TODAY).procedures
        if r.id == "death_householder_change"
    )
    assert result.status == "required"
    assert result.reasons == ("故人が世帯主：はい", "故人を除く15歳以上の世帯員数：2人（2人以上）")
    assert (result.department, result.department_name, result.form_ids) == ("shimin", "市民課", ("F_M01",))


def test_not_needed_reason_names_the_fact_that_decided(pack: Pack) -> None:
    facts = householder_facts()
    facts["household"]["remaining_15plus_count"] = 1
    result = next(
        r
        for r in navigate(pack, "death", Facts.checked(pack.facts, facts), TODAY).procedures
        if r.id == "death_householder_change"
    )
    assert result.status == "not_needed"
    assert result.reasons == ("故人を除く15歳以上の世帯員数：1人（2人以上）",)


def test_to_confirm_lists_the_unknown_facts(pack: Pack) -> None:
    result = next(
        r
        for r in navigate(pack, "death", Facts.checked(pack.facts, householder_facts()), TODAY).procedures
        if r.id == "death_nhi_funeral_allowance"
    )
    assert result.status == "to_confirm"
    assert result.unknown_facts == ("answers.funeral_held",)
    assert result.reasons == ("葬儀（火葬のみを含む）を行った：未確認",)


def test_deadline_counts_from_death_date(pack: Pack) -> None:
    navigation = navigate(pack, "death", Facts.checked(pack.facts, householder_facts()), TODAY)
    report = next(r for r in navigation.procedures if r.id == "death_report")
    assert (report.deadline.date, report.deadline.kind, report.deadline.overdue) == (
        dt.date(2026, 11, 26),
        "legal",
        True,
    )
    loss = next(r for r in navigation.procedures if r.id == "death_nhi_loss")
    assert loss.deadline.date == dt.date(2026, 12, 4)
    assert (loss.deadline.days_left, loss.deadline.urgent) == (4, True)


def test_answering_the_first_question_removes_it(pack: Pack) -> None:
    first = navigate(pack, "death", Facts.checked(pack.facts, householder_facts()), TODAY).questions[0]
    assert first.fact == "answers.funeral_held"
    assert "death_nhi_funeral_allowance" in first.decides
    answered = navigate(pack, "death", Facts.checked(pack.facts, householder_facts(funeral_held=True)), TODAY)
    assert "answers.funeral_held" not in [q.fact for q in answered.questions]
    assert {r.id: r.status for r in answered.procedures}["death_nhi_funeral_allowance"] == "required"


def test_a_fact_that_cannot_change_a_result_is_not_asked(pack: Pack) -> None:
    # 後期高齢の故人では葬祭費は後期高齢の手続だけ: 国保の葬祭費のための質問にはならない
    facts = householder_facts()
    facts["deceased"]["insurance"] = "被用者保険"
    questions = navigate(pack, "death", Facts.checked(pack.facts, facts), TODAY).questions
    decided_by_funeral = (
        next(q.decides for q in questions if q.fact == "answers.funeral_held")
        if any(q.fact == "answers.funeral_held" for q in questions)
        else ()
    )
    assert "death_nhi_funeral_allowance" not in decided_by_funeral
    assert "death_late_elderly_funeral_allowance" not in decided_by_funeral


def test_unknown_event_raises_navigation_error_and_bad_facts_never_reach_it(pack: Pack) -> None:
    with pytest.raises(NavigationError, match="イベント「retire」"):
        navigate(pack, "retire", Facts.checked(pack.facts, {}), TODAY)
    with pytest.raises(FactsError, match=r"deceased\.age"):
        Facts.checked(pack.facts, {"deceased": {"age": "八十"}})
    with pytest.raises(FactsError, match="宣言されていません"):
        Facts.checked(pack.facts, {"deceased": {"favourite_colour": "青"}})


def test_results_are_deterministic(pack: Pack) -> None:
    first = navigate(pack, "death", Facts.checked(pack.facts, householder_facts()), TODAY).to_json()
    second = navigate(pack, "death", Facts.checked(pack.facts, householder_facts()), TODAY).to_json()
    assert first == second


def test_json_has_the_documented_shape(pack: Pack) -> None:
    data = navigate(pack, "death", Facts.checked(pack.facts, householder_facts()), TODAY).to_json()
    assert data["event"] == "death"
    assert data["pack"] == {"id": "sample-city", "version": pack.version}
    procedure = next(p for p in data["procedures"] if p["id"] == "death_nhi_loss")
    assert procedure["deadline"] == {
        "date": "2026-12-04",
        "kind": "legal",
        "text": procedure["deadline"]["text"],
        "days_left": 4,
        "overdue": False,
        "urgent": True,
    }
    assert set(procedure) >= {
        "id",
        "name",
        "department",
        "status",
        "reasons",
        "unknown_facts",
        "deadline",
        "outside_city_hall",
        "office",
        "documents",
        "forms",
    }
    assert set(data["questions"][0]) >= {"fact", "text", "decides"}


INTERVIEW_BOOLS = [
    "answers.funeral_held",
    "answers.has_real_estate",
    "deceased.pension.receiving",
    "answers.was_employed",
    "spouse.exists",
    "answers.has_car",
    "answers.has_dog",
]


def _with(facts: dict, name: str, value: object) -> dict:
    return {**facts, name: value}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    insurance=st.sampled_from(["国保", "後期高齢", "被用者保険", "生活保護"]),
    known=st.dictionaries(st.sampled_from(INTERVIEW_BOOLS), st.booleans(), max_size=4),
)
def test_questions_are_exactly_the_facts_whose_answer_changes_a_result(
    pack: Pack, insurance: str, known: dict[str, bool]
) -> None:
    facts = {**householder_facts(), **known}
    facts["deceased"] = {**facts["deceased"], "insurance": insurance}
    base = statuses(pack, facts)
    questions = navigate(pack, "death", Facts.checked(pack.facts, facts), TODAY).questions
    asked = {name for q in questions for name in q.facts}
    for name, spec in pack.facts.items():
        if not spec.askable or spec.type != "bool" or read_fact(facts, name) is not UNKNOWN:
            continue
        changes = any(statuses(pack, _with(facts, name, value)) != base for value in (True, False))
        assert (name in asked) == changes, name


def test_a_condition_that_cannot_be_evaluated_is_left_to_confirm(pack: Pack) -> None:
    # A pack condition failing at run time (here a string compared by size) never stops the navigation.
    failing = dataclasses.replace(
        pack.procedures["death_householder_change"],
        condition=compile_expression("deceased.insurance >= 2 and answers.funeral_held"),
    )
    changed = dataclasses.replace(pack, procedures=MappingProxyType({**pack.procedures, failing.id: failing}))
    navigation = navigate(changed, "death", Facts.checked(changed.facts, householder_facts()), TODAY)
    result = next(r for r in navigation.procedures if r.id == failing.id)
    assert result.status == "to_confirm" and result.deadline is None and result.unknown_facts == ()
    assert (
        result.reasons[0].startswith("条件を判定できません: ") and "大小を比べられません" in result.reasons[0]
    )
