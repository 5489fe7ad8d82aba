"""Checklist questions: the deciding yes/no facts of a checklist are asked on one screen, and only those."""

import datetime as dt
from pathlib import Path

import pytest

from madoguchi.domain.navigator import navigate
from madoguchi.domain.navigator.questions import Question, rank_questions
from madoguchi.domain.packs import Checklist, Event, Facts, FactSpec, Pack, load_pack

PACK_DIR = Path(__file__).resolve().parents[3] / "packs" / "sample-city"
SPECS = {
    name: FactSpec(name, "bool", "interview", label, question=f"{label}？")
    for name, label in (("a.dog", "犬"), ("a.car", "車"), ("a.house", "家"), ("a.funeral", "葬儀"))
}
EVENT = Event(
    "e",
    "e",
    "",
    (),
    ("a.funeral", "a.dog"),
    (),
    checklists=(Checklist("owned", "持ち物は？", ("a.dog", "a.car", "a.house")),),
)


def test_deciding_facts_of_a_checklist_become_one_question_where_its_first_ranks() -> None:
    questions = rank_questions(EVENT, {"a.car": ["p1"], "a.funeral": ["p2"], "a.dog": ["p3", "p1"]}, SPECS)
    assert [q.fact for q in questions] == ["a.funeral", "owned"]
    owned = questions[1]
    # only the facts that still decide a procedure are offered; a.house decides nothing here
    assert owned.items == (("a.dog", "犬"), ("a.car", "車"))
    assert owned.facts == ("a.dog", "a.car")
    assert owned.decides == ("p3", "p1")


def test_a_checklist_with_one_deciding_fact_is_that_facts_own_question() -> None:
    (question,) = rank_questions(EVENT, {"a.house": ["p1"]}, SPECS)
    assert (question.fact, question.text, question.items) == ("a.house", "家？", ())


def test_without_drops_the_facts_answered_unknown_and_the_question_once_empty() -> None:
    question = Question("owned", "持ち物は？", "持ち物は？", "", ("p1",), (("a.dog", "犬"), ("a.car", "車")))
    assert question.without({"a.dog"}) == Question(
        "owned", "持ち物は？", "持ち物は？", "", ("p1",), (("a.car", "車"),)
    )
    assert question.without({"a.dog", "a.car"}) is None
    single = Question("a.dog", "犬？", "犬", "", ("p1",))
    assert single.without(set()) is single
    assert single.without({"a.dog"}) is None


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack(PACK_DIR)


def test_a_death_asks_property_on_one_screen_and_each_ticked_line_decides_its_procedure(pack: Pack) -> None:
    facts = Facts.checked(
        pack.facts,
        {
            "deceased": {
                "age": 93,
                "death_date": "2026-11-20",
                "insurance": "後期高齢",
                "removed_by_death": True,
            }
        },
    )
    navigation = navigate(pack, "death", facts, dt.date(2026, 11, 30))
    property_question = next(q for q in navigation.questions if q.fact == "death_property")
    assert "answers.has_dog" in property_question.facts
    assert "answers.has_real_estate" in property_question.facts
    # given the checklist answered: a dog ticked, everything else left unticked
    answers = {name: name == "answers.has_dog" for name in property_question.facts}
    after = navigate(pack, "death", facts.updated(pack.facts, answers), dt.date(2026, 11, 30))
    status = {r.id: r.status for r in after.procedures}
    assert status["death_dog_registration"] == "required"
    assert status["death_bank_accounts"] == "not_needed"
    assert all(q.fact != "death_property" for q in after.questions)
