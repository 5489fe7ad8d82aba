"""One-click people: a person of the visit fills the 喪主・相続人代表者 values from the register."""

from __future__ import annotations

import pytest
from django.utils import timezone

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


def test_one_click_new_householder_prints_the_whole_person_on_the_idou_todoke(
    client, at_person_question, bereaved_household
):
    """The 世帯主変更's 住民異動届 prints the new 世帯主 as its subject: kana, birth date, sex too."""
    from madoguchi.counter.printing import case_filled_forms

    case, _, applicant = at_person_question
    state = case_state(case)
    question = next(q for q in state.form_questions if q.title == "新しい世帯主")
    assert [i.path for i in question.inputs] == ["answers.new_householder.name"]
    client.post(
        f"/counter/visits/{case.pk}/form-values/",
        {"question": question.key, "person": applicant.pk},
        HTTP_HX_REQUEST="true",
    )
    case.refresh_from_db()
    assert case.form_values["answers.new_householder.name"] == "鈴木　花子"
    assert case.form_values["answers.new_householder.kana"] == "スズキ　ハナコ"
    assert case.form_values["answers.new_householder.birth_date"] == "1945-05-01"
    filled = case_filled_forms(case, case_state(case), timezone.localdate())
    idou = next(form for form in filled if form.layout.form_id == "F_M01")
    printed = {f.field.id: f.text for f in idou.fields if f.status == "filled"}
    assert printed["mover_name"] == "鈴木　花子"
    assert printed["mover_kana"] == "スズキ　ハナコ"
    assert "mover_birth_date" in printed and "mover_sex" in printed


def test_a_value_the_persons_record_lacks_is_asked_without_the_button(client, at_person_question):
    # given the heir filled with one click from the wife, whose record has no phone number
    case, _, applicant = at_person_question
    heir = next(q for q in case_state(case).form_questions if q.key == "相続人代表者")
    client.post(
        f"/counter/visits/{case.pk}/form-values/",
        {"question": heir.key, "person": applicant.pk},
        HTTP_HX_REQUEST="true",
    )
    left = next(q for q in case_state(Case.objects.get(pk=case.pk)).form_questions if q.key == "相続人代表者")
    assert [i.path for i in left.inputs] == ["answers.heir.phone"]
    # when the interview asks what is left of the group
    services.case_form_values_record(
        case=case,
        values={
            p: ""
            for q in case_state(case).form_questions
            if q.key != "相続人代表者"
            for p in (i.path for i in q.inputs)
        },
        actor=applicant.case.opened_by,
    )
    page = client.get(f"/counter/visits/{case.pk}/").content.decode()
    # then nobody is offered: one click would fill nothing
    assert case_state(Case.objects.get(pk=case.pk)).next_question.key == "相続人代表者"
    assert 'name="answers.heir.phone"' in page and 'data-testid="fill-from-person"' not in page
