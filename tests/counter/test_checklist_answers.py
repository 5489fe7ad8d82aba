"""A checklist at the counter: ticked lines はい, others いいえ, 「不明」 for all, bad posts refused."""

from __future__ import annotations

import pytest

from madoguchi.counter.state import case_state
from tests.counter.helpers import add_resident, open_case


@pytest.fixture
def at_property_checklist(client, counter_staff, login_client, bereaved_household):
    login_client(counter_staff, client)
    case = open_case(client, event_date="2026-11-18")
    add_resident(client, case, bereaved_household["deceased"], "deceased")
    question = next(q for q in case_state(case).questions if q.fact == "death_property")
    return case, question


def post(client, case, data):
    return client.post(f"/counter/visits/{case.pk}/answer/", data, HTTP_HX_REQUEST="true")


def test_ticked_lines_are_yes_and_the_others_no(client, at_property_checklist):
    case, question = at_property_checklist
    response = post(
        client, case, {"fact": question.fact, "item": list(question.facts), "value": ["answers.has_dog"]}
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.answers["answers.has_dog"] is True
    assert case.answers["answers.has_bank_accounts"] is False
    assert set(case.answers) == set(question.facts)
    assert all(q.fact != "death_property" for q in case_state(case).questions)


def test_unknown_leaves_every_line_unknown_and_the_checklist_is_not_asked_again(
    client, at_property_checklist
):
    case, question = at_property_checklist
    post(client, case, {"fact": question.fact, "item": list(question.facts), "value": "unknown"})
    case.refresh_from_db()
    assert case.answers == dict.fromkeys(question.facts)
    assert all(q.fact != "death_property" for q in case_state(case).questions)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"value": ["answers.has_dog"]}, "確認する項目がありません"),
        ({"item": ["answers.has_dog"], "value": ["answers.has_car"]}, "選べない項目が選ばれています"),
    ],
)
def test_a_bad_checklist_post_changes_nothing(client, at_property_checklist, data, message):
    case, question = at_property_checklist
    response = post(client, case, {"fact": question.fact, **data})
    assert message in response.content.decode()
    case.refresh_from_db()
    assert case.answers == {}
