"""A value typed over a person's register data is flagged on the case page, with both values."""

from __future__ import annotations

import pytest

from madoguchi.counter import services
from madoguchi.counter.models import Case
from madoguchi.counter.state import case_state
from tests.counter.helpers import add_typed
from tests.counter.test_one_click_people import at_person_question  # noqa: F401

REGISTER_ADDRESS = "サンプル市東町三丁目4番地5"


@pytest.fixture
def heir_question(at_person_question):  # noqa: F811
    """The death case at its form values, with the 相続人代表者 group the heir's forms ask."""
    case, _, applicant = at_person_question
    question = next(q for q in case_state(case).form_questions if q.key == "相続人代表者")
    return case, question, applicant


def _one_click(client, case, question, person):
    response = client.post(
        f"/counter/visits/{case.pk}/form-values/",
        {"question": question.key, "person": person.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200


def _correct(client, case, question, **changes):
    """Correct the group as staff do: open it with its values (?correct=), change some, save."""
    page = client.get(f"/counter/visits/{case.pk}/", {"correct": question.key}).content.decode()
    assert "様式に書く事項を直す" in page
    case.refresh_from_db()
    posted = {item.path: case.form_values.get(item.path, "") for item in question.inputs}
    posted.update(changes)
    seen = services.form_values_seen(case)
    response = client.post(
        f"/counter/visits/{case.pk}/form-values/",
        {"question": question.key, "seen": seen, **posted},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    return response.content.decode()


def _path(question, leaf):
    return next(i.path for i in question.inputs if i.path.endswith(leaf))


def test_one_click_values_are_not_flagged(client, heir_question):
    case, question, applicant = heir_question
    _one_click(client, case, question, applicant)
    state = case_state(Case.objects.get(pk=case.pk))
    assert state.declared == ()
    page = client.get(f"/counter/visits/{case.pk}/").content.decode()
    assert 'data-testid="filled-values"' in page and 'data-testid="declared"' not in page


def test_a_changed_address_is_flagged_with_both_values(client, heir_question, counter_staff):
    # given one click fills the heir from the wife's register record
    case, question, applicant = heir_question
    _one_click(client, case, question, applicant)
    address = _path(question, ".address")
    # when staff correct the address to what the resident declares
    _correct(client, case, question, **{address: "サンプル市西町1番2号"})
    # then the printed value is the declaration, and the page shows both
    case.refresh_from_db()
    assert case.form_values[address] == "サンプル市西町1番2号"
    [flag] = case_state(case).declared
    assert (flag.path, flag.declared, flag.recorded) == (address, "サンプル市西町1番2号", REGISTER_ADDRESS)
    page = client.get(f"/counter/visits/{case.pk}/").content.decode()
    assert "住民記録と違う記入が1件あります" in page
    assert '申出: <span class="declared__value">サンプル市西町1番2号</span>' in page
    assert f'住民記録: <span class="declared__value">{REGISTER_ADDRESS}</span>' in page
    assert "相続人代表者：" in page
    assert "住民の方に確かめてください" in page
    # once the resident has confirmed, the flag stays but no longer asks staff to check
    services.case_finish_interview(case=case, actor=counter_staff)
    services.case_resident_confirm(case=Case.objects.get(pk=case.pk))
    page = client.get(f"/counter/visits/{case.pk}/").content.decode()
    assert "住民記録と違う記入が1件あります" in page
    assert "住民の方が申出の内容で確認済みです" in page and "住民の方に確かめてください" not in page


def test_the_same_value_in_another_notation_is_not_flagged(client, heir_question):
    case, question, applicant = heir_question
    _one_click(client, case, question, applicant)
    changes = {_path(question, ".address"): "東町３－４－５", _path(question, ".name"): "鈴木 花子"}
    if any(i.path.endswith(".kana") for i in question.inputs):
        changes[_path(question, ".kana")] = "すずき はなこ"
    _correct(client, case, question, **changes)
    assert case_state(Case.objects.get(pk=case.pk)).declared == ()


def test_a_changed_birth_date_is_shown_in_wareki(client, heir_question):
    case, question, applicant = heir_question
    if not any(i.path.endswith(".birth_date") for i in question.inputs):
        pytest.skip("the heir's forms do not ask the birth date")
    _one_click(client, case, question, applicant)
    _correct(client, case, question, **{_path(question, ".birth_date"): "昭和20年5月2日"})
    [flag] = case_state(Case.objects.get(pk=case.pk)).declared
    assert (flag.declared, flag.recorded) == ("昭和20年5月2日", "昭和20年5月1日")


def test_a_person_typed_in_has_no_register_record_to_differ_from(client, heir_question):
    case, question, _ = heir_question
    add_typed(client, case, "applicant", name="佐藤　次郎", address="サンプル市北町1番地")
    typed = case.people.get(name="佐藤　次郎")
    _one_click(client, case, question, typed)
    _correct(client, case, question, **{_path(question, ".address"): "サンプル市南町9番地"})
    assert case_state(Case.objects.get(pk=case.pk)).declared == ()


def test_a_correction_over_a_colleagues_change_is_refused(client, heir_question, counter_staff):
    case, question, applicant = heir_question
    _one_click(client, case, question, applicant)
    case.refresh_from_db()
    seen = services.form_values_seen(case)
    address = _path(question, ".address")
    services.case_form_values_record(case=case, values={address: "別の住所"}, actor=counter_staff, seen=seen)
    with pytest.raises(services.StaleCaseError):
        services.case_form_values_record(
            case=case, values={address: "もう一つ"}, actor=counter_staff, seen=seen
        )


def test_the_new_householders_values_kept_with_the_name_are_compared_too(client, heir_question):
    # given one click keeps the new 世帯主's whole register data, only the name being asked
    case, _, applicant = heir_question
    question = next(q for q in case_state(case).form_questions if q.key == "新しい世帯主")
    _one_click(client, case, question, applicant)
    case.refresh_from_db()
    assert case.form_people["answers.new_householder.address"] == applicant.pk
    assert case_state(case).declared == ()
    # when the kept address no longer says what the register does
    case.form_values["answers.new_householder.address"] = "サンプル市西町1番2号"
    case.save(update_fields=["form_values"])
    # then it is flagged like an asked value
    [flag] = case_state(case).declared
    assert (flag.declared, flag.recorded) == ("サンプル市西町1番2号", REGISTER_ADDRESS)
    assert flag.label == "新しい世帯主：住所"
