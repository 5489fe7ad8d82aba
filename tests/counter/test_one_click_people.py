"""One-click people: a person of the visit fills the 喪主・相続人代表者 values from the register."""

from __future__ import annotations

import pytest

from madoguchi.counter import services
from madoguchi.counter.formdata import fills_from_person
from madoguchi.counter.models import Case
from madoguchi.counter.state import case_state
from tests.counter.helpers import add_resident, open_case

YES = {"answers.funeral_held", "answers.has_real_estate", "deceased.pension.receiving"}


@pytest.fixture
def at_person_question(client, counter_staff, login_client, bereaved_household):
    login_client(counter_staff, client)
    case = open_case(client, event_date="2026-11-18")
    add_resident(client, case, bereaved_household["deceased"], "deceased")
    add_resident(client, case, bereaved_household["wife"], "applicant", relationship="妻")
    for _ in range(40):
        state = case_state(Case.objects.get(pk=case.pk))
        if not state.questions:
            break
        values = {name: name in YES for name in state.questions[0].facts}
        services.case_answers_record(case=case, values=values, actor=counter_staff)
    question = next(q for q in case_state(case).form_questions if fills_from_person(q))
    applicant = case.people.get(role="applicant")
    return case, question, applicant


def test_one_click_fills_the_persons_register_data(client, at_person_question):
    case, question, applicant = at_person_question
    page = client.get(f"/counter/visits/{case.pk}/").content.decode()
    assert 'data-testid="fill-from-person"' in page and "鈴木　花子さんを記入" in page
    response = client.post(
        f"/counter/visits/{case.pk}/form-values/",
        {"question": question.key, "person": applicant.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    case.refresh_from_db()
    filled = {
        path: case.form_values[path] for path in (i.path for i in question.inputs) if path in case.form_values
    }
    assert filled, question
    for path, value in filled.items():
        if path.endswith(("name", "chief_mourner")):
            assert value == "鈴木　花子"
        if path.endswith("kana"):
            assert value == "スズキ　ハナコ"
        if path.endswith("birth_date"):
            assert value == "1945-05-01"


def test_the_deceased_or_a_stranger_cannot_be_used(client, at_person_question, bereaved_household):
    case, question, _ = at_person_question
    deceased = case.people.get(role="deceased")
    for pk in (deceased.pk, 999999):
        response = client.post(
            f"/counter/visits/{case.pk}/form-values/",
            {"question": question.key, "person": pk},
            HTTP_HX_REQUEST="true",
        )
        assert "この方の記録からは記入できる項目がありません" in response.content.decode()
    case.refresh_from_db()
    assert case.form_values == {}
