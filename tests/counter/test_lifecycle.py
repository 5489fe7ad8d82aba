"""A case's life for staff: warnings before a doubtful pick, cancel with a reason, merge a duplicate."""

from __future__ import annotations

import pytest

from madoguchi.audit.models import AuditEntry
from madoguchi.counter import services
from madoguchi.counter.models import Case, Task
from tests.counter.helpers import add_resident, answer_all, open_case

pytestmark = pytest.mark.django_db


def _confirmed(client, staff, household) -> Case:
    case = open_case(client)
    add_resident(client, case, household["deceased"], "deceased")
    add_resident(client, case, household["wife"], "applicant", relationship="妻")
    answer_all(client, case, {"deceased.pension.type1_paid_months": "0"})
    services.case_finish_interview(case=case, actor=staff)
    return services.case_resident_confirm(case=Case.objects.get(pk=case.pk))


def _pick(client, case: Case, resident, role: str, **extra):
    return client.post(f"/counter/visits/{case.pk}/people/", {"role": role, "resident": resident.pk, **extra})


def test_a_living_resident_chosen_as_deceased_asks_for_confirmation(
    client, login_client, counter_staff, bereaved_household
):
    login_client(counter_staff, client)
    case = open_case(client)
    living = bereaved_household["wife"]
    response = _pick(client, case, living, "deceased")
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="pick-warning"' in page
    assert "「住民」（生存）" in page
    assert not case.people.exists()
    assert _pick(client, case, living, "deceased", confirm="1").status_code == 302
    assert case.people.get().resident == living


def test_an_open_case_for_the_same_person_is_named_before_adding(
    client, login_client, counter_staff, bereaved_household
):
    login_client(counter_staff, client)
    first = open_case(client)
    add_resident(client, first, bereaved_household["deceased"], "deceased")
    second = open_case(client)
    page = _pick(client, second, bereaved_household["deceased"], "deceased").content.decode()
    assert f"受付番号 {first.number}" in page and "同じ立場で入っている受付" in page
    assert not second.people.exists()


def test_a_deceased_with_a_closed_case_is_named_before_adding(
    client, login_client, counter_staff, bereaved_household
):
    login_client(counter_staff, client)
    done = _confirmed(client, counter_staff, bereaved_household)
    Case.objects.filter(pk=done.pk).update(stage=Case.Stage.CLOSED)
    again = open_case(client)
    page = _pick(client, again, bereaved_household["deceased"], "deceased").content.decode()
    assert f"すでに完了しています（受付番号 {done.number}）" in page


def test_cancel_withdraws_open_tasks_leaves_the_board_and_is_audited(
    client, login_client, counter_staff, bereaved_household
):
    login_client(counter_staff, client)
    case = _confirmed(client, counter_staff, bereaved_household)
    assert case.tasks.filter(status=Task.Status.OPEN).exists()
    refused = client.post(f"/counter/visits/{case.pk}/cancel/", {"reason": "  "})
    assert refused.status_code == 400 and "取り消す理由を入力してください" in refused.content.decode()
    response = client.post(f"/counter/visits/{case.pk}/cancel/", {"reason": "住民が来庁を取りやめた"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == Case.Stage.CANCELLED and case.cancel_reason == "住民が来庁を取りやめた"
    assert set(case.tasks.values_list("status", flat=True)) == {Task.Status.NOT_NEEDED}
    assert set(case.tasks.values_list("reason", flat=True)) == {services.WITHDRAWN_REASON}
    entry = AuditEntry.objects.filter(action="case.cancel").get()
    assert entry.subject == case.subject and len(entry.detail["tasks_withdrawn"]) == case.tasks.count()
    client.get(f"/counter/visits/{case.pk}/")  # shows the success message once
    assert f'data-case="{case.number}"' not in client.get("/counter/board/").content.decode()
    page = client.get(f"/counter/visits/{case.pk}/").content.decode()
    assert "この受付は取り消されました" in page and 'data-testid="lifecycle"' not in page
    again = client.post(f"/counter/visits/{case.pk}/cancel/", {"reason": "二度目"})
    assert "取り消されています" in again.content.decode()


def test_merge_moves_what_the_original_lacks_and_cancels_the_duplicate(
    client, login_client, counter_staff, bereaved_household
):
    login_client(counter_staff, client)
    original = open_case(client)
    add_resident(client, original, bereaved_household["deceased"], "deceased")
    services.case_answer_record(case=original, fact="answers.funeral_held", value=True, actor=counter_staff)
    duplicate = open_case(client)
    _pick(client, duplicate, bereaved_household["deceased"], "deceased", confirm="1")
    add_resident(client, duplicate, bereaved_household["son"], "applicant", relationship="子")
    for fact, value in (("answers.funeral_held", False), ("answers.has_bank_accounts", True)):
        services.case_answer_record(case=duplicate, fact=fact, value=value, actor=counter_staff)
    Case.objects.filter(pk=duplicate.pk).update(notes="長男が来庁")
    number = original.number.split("-")[1]  # 「12」 as staff type it, full-width accepted
    response = client.post(f"/counter/visits/{duplicate.pk}/merge/", {"original": number.translate(
        str.maketrans("0123456789", "０１２３４５６７８９"))})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == f"/counter/visits/{original.pk}/"
    original.refresh_from_db()
    duplicate.refresh_from_db()
    assert sorted(original.people.values_list("role", flat=True)) == ["applicant", "deceased"]
    assert original.answers == {"answers.funeral_held": True, "answers.has_bank_accounts": True}
    assert "長男が来庁" in original.notes
    assert duplicate.stage == Case.Stage.CANCELLED and duplicate.merged_into == original
    entry = AuditEntry.objects.filter(action="case.merge").get()
    assert entry.detail["duplicate"] == duplicate.subject and entry.detail["answers"] == [
        "answers.has_bank_accounts"
    ]
    assert AuditEntry.objects.filter(action="case.cancel", subject=duplicate.subject).exists()
    page = client.get(f"/counter/visits/{duplicate.pk}/").content.decode()
    assert 'data-testid="merged-into"' in page


def test_merge_refuses_an_unknown_number_or_itself_keeping_what_was_typed(
    client, login_client, counter_staff, bereaved_household
):
    login_client(counter_staff, client)
    case = open_case(client)
    unknown = client.post(f"/counter/visits/{case.pk}/merge/", {"original": "2099-99999"})
    assert unknown.status_code == 400
    assert "「2099-99999」の受付が見つかりません" in unknown.content.decode()
    assert 'value="2099-99999"' in unknown.content.decode()
    itself = client.post(f"/counter/visits/{case.pk}/merge/", {"original": case.number})
    assert "別の受付番号" in itself.content.decode()
    case.refresh_from_db()
    assert case.stage == Case.Stage.INTERVIEW


def test_the_resident_screen_takes_a_full_width_code_and_masks_the_account(
    client, login_client, counter_staff, bereaved_household
):
    case = services.case_open(actor=counter_staff, events=["death"], seat="1番", event_date=None)
    services.case_person_add(
        case=case, role="deceased", resident=bereaved_household["deceased"], actor=counter_staff
    )
    services.case_form_values_record(
        case=case, values={"answers.bank.number": "1234567"}, actor=counter_staff
    )
    code = services.case_finish_interview(case=case, actor=counter_staff)
    typed = f"{code[:3]}－{code[3:]}".translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    response = client.post("/counter/screen/", {"code": typed})
    assert response.status_code == 302
    page = client.get("/counter/screen/view/").content.decode()
    assert "1234567" not in page and "＊＊＊＊567" in page


def test_a_short_code_is_refused_with_a_message_and_kept(client):
    page = client.post("/counter/screen/", {"code": "１２３"}).content.decode()
    assert "確認番号は6桁の数字です" in page and 'value="１２３"' in page


def test_a_bad_event_date_keeps_what_was_typed(client, login_client, counter_staff):
    login_client(counter_staff, client)
    case = open_case(client)
    response = client.post(
        f"/counter/visits/{case.pk}/details/",
        {"seat": "窓口３番", "event_date": "令和８年１３月１日", "seen": ""},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'value="窓口３番"' in page and 'value="令和８年１３月１日"' in page and "alert--error" in page
