"""A whole visit with the test client: open, people, interview, confirm, print, tasks, close."""

from __future__ import annotations

import re

import pytest

from madoguchi.audit.models import AuditEntry
from madoguchi.counter.models import Case, PrintRecord, Task
from madoguchi.counter.services import fingerprint
from madoguchi.counter.state import case_state
from tests.counter.helpers import add_resident, add_typed, answer_all, open_case, pdf_text

pytestmark = pytest.mark.django_db

ANSWERS = {
    "answers.funeral_held": "yes",
    "deceased.pension.receiving": "yes",
    "answers.funeral_date": "令和8年11月21日",
    "answers.chief_mourner": "鈴木 花子",
    "answers.bank.name": "山陰中央銀行",
    "answers.bank.branch": "東町支店",
    "answers.bank.type": "普通",
    "answers.bank.number": "1234567",
    "answers.bank.holder_kana": "すずき はなこ",
    "answers.third_party": "no",
}


@pytest.fixture
def confirmed_case(client, counter_staff, login_client, bereaved_household):
    login_client(counter_staff, client)
    case = open_case(client)
    add_resident(client, case, bereaved_household["deceased"], "deceased")
    add_typed(
        client,
        case,
        "applicant",
        name="髙橋　直子",
        kana="たかはし なおこ",
        birth_date="昭和43年7月30日",
        relationship="長女",
        phone="090-1234-5678",
        postal_code="690-0826",
        address="松江市学園南二丁目10番1号",
    )
    answer_all(client, case, ANSWERS)
    response = client.post(f"/counter/visits/{case.pk}/finish/")
    assert response.status_code == 302
    code = client.session["counter_codes"][str(case.pk)]
    return case, code


def test_the_death_date_comes_from_the_register(client, counter_staff, login_client, bereaved_household):
    login_client(counter_staff, client)
    case = open_case(client)
    add_resident(client, case, bereaved_household["deceased"], "deceased")
    case.refresh_from_db()
    assert case.event_date.isoformat() == "2026-11-18"
    names = {f.name for f in case_state(case).register_facts}
    assert {"deceased.age", "household.size", "spouse.exists"} <= names


def test_questions_are_only_interview_facts_never_register_ones(
    client, counter_staff, login_client, bereaved_household
):
    login_client(counter_staff, client)
    case = open_case(client)
    add_resident(client, case, bereaved_household["deceased"], "deceased")
    asked = answer_all(client, case, ANSWERS)
    register = {f.name for f in case_state(case).register_facts}
    assert asked, "some questions must be asked"
    assert not register & set(asked)
    assert "spouse.exists" not in asked  # the wife lives in the household


def test_resident_confirms_and_tasks_are_routed(client, confirmed_case, hoken_staff):
    case, code = confirmed_case
    screen = type(client)()
    response = screen.post("/counter/screen/", {"code": code})
    assert response.status_code == 302
    page = screen.get("/counter/screen/view/").content.decode()
    assert "鈴木　一郎" in page and "この内容でよろしいですか" in page
    screen.post("/counter/screen/confirm/")
    case.refresh_from_db()
    assert case.stage == Case.Stage.CONFIRMED and case.resident_confirmed_at is not None
    assert case.confirmed_facts["deceased.age"] == 85
    required = [p for p in case_state(case).required if not p.outside_city_hall]
    assert sorted(Task.objects.filter(case=case).values_list("procedure_id", flat=True)) == sorted(
        p.id for p in required
    )
    assert Task.objects.filter(case=case, department__code="hoken-nenkin").exists()
    # The screen shows nothing once confirmed.
    assert "鈴木" not in screen.get("/counter/screen/view/").content.decode()


def test_print_keeps_every_version(client, confirmed_case):
    case, code = confirmed_case
    screen = type(client)()
    screen.post("/counter/screen/", {"code": code})
    screen.post("/counter/screen/confirm/")
    first = client.post(f"/counter/visits/{case.pk}/print/")
    assert first["Content-Type"] == "application/pdf"
    text = pdf_text(first.content)
    assert "鈴木" in text and "一郎" in text
    record = PrintRecord.objects.get(case=case, version=1)
    required_forms = {f for p in case_state(case).required for f in p.form_ids}
    assert set(record.forms) == required_forms
    assert record.pack_id == "sample-city" and record.report["totals"]["prefilled"] > 0
    second = client.post(f"/counter/visits/{case.pk}/print/")
    assert re.search(r"v2\.pdf", second["Content-Disposition"])
    assert list(case.prints.values_list("version", flat=True)) == [1, 2]
    assert AuditEntry.objects.filter(action="document.print", subject=case.subject).count() == 2


def test_department_completes_and_the_case_closes(client, confirmed_case, hoken_staff, login_client):
    case, code = confirmed_case
    screen = type(client)()
    screen.post("/counter/screen/", {"code": code})
    screen.post("/counter/screen/confirm/")
    for task in Task.objects.filter(case=case):
        task.department.staff.add(hoken_staff)
    worker = login_client(hoken_staff)
    for task in Task.objects.filter(case=case):
        response = worker.post(f"/counter/tasks/{task.pk}/complete/", {"version": task.version})
        assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == Case.Stage.CLOSED and case.closed_at is not None
    checklist = pdf_text(client.get(f"/counter/visits/{case.pk}/checklist.pdf").content)
    assert "チェックリスト" in checklist
    # A duty's 期限 and a claim's 時効 are told apart (未支給年金: 5年の時効; 年金受給権者死亡届: 期限).
    assert "請求の時効: 本来の支払日の翌月初日から5年" in checklist.replace("\n", "")
    assert "期限: 令和8年" in checklist


def test_staff_override_needs_a_reason_and_is_audited(
    client, counter_staff, login_client, bereaved_household
):
    login_client(counter_staff, client)
    case = open_case(client)
    add_resident(client, case, bereaved_household["deceased"], "deceased")
    url = f"/counter/visits/{case.pk}/override/"
    refused = client.post(
        url, {"procedure": "death_nhi_loss", "status": "required", "reason": ""}, HTTP_HX_REQUEST="true"
    )
    assert "判定を変更する理由を入力してください" in refused.content.decode()
    # A refused change comes back inside the open override form with what was typed.
    stale = client.post(
        url,
        {"procedure": "death_nhi_loss", "status": "not_needed", "reason": "電話で確認", "seen": "old"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    form = stale[stale.index('<details class="override" open>') :]
    form = form[: form.index("</details>")]
    assert 'role="alert" id="override-error"' in form and 'value="電話で確認"' in form
    assert (
        '<option value="death_nhi_loss" selected>' in form and '<option value="not_needed" selected>' in form
    )
    client.post(
        url,
        {
            "procedure": "death_nhi_loss",
            "status": "required",
            "reason": "国保の記録あり（電話確認）",
            "seen": fingerprint({}),
        },
    )
    case.refresh_from_db()
    result = next(p for p in case_state(case).procedures if p.id == "death_nhi_loss")
    assert result.status == "required" and "職員の判断: 国保の記録あり（電話確認）" in result.reasons
    entry = AuditEntry.objects.filter(action="case.override").last()
    assert entry.detail == {
        "procedure": "death_nhi_loss",
        "status": "required",
        "reason": "国保の記録あり（電話確認）",
    }


def test_leaving_and_returning_shows_the_same_next_question(
    client, counter_staff, login_client, bereaved_household
):
    login_client(counter_staff, client)
    case = open_case(client)
    add_resident(client, case, bereaved_household["deceased"], "deceased")
    client.post(f"/counter/visits/{case.pk}/answer/", {"fact": "answers.funeral_held", "value": "yes"})
    page = client.get(f"/counter/visits/{case.pk}/")
    assert "no-cache" in page["Cache-Control"] or "no-store" in page["Cache-Control"]
    case.refresh_from_db()
    assert case.answers == {"answers.funeral_held": True}
    expected = case_state(case).next_question
    assert expected.fact != "answers.funeral_held"
    assert f'name="fact" value="{expected.fact}"' in page.content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "回答を入力するか「不明」を選んでください"),
        ("maybe", "「はい」「いいえ」「不明」から選んでください"),
        ("abc", "「abc」は整数ではありません"),
        ("-5", "0年以上で入力してください"),
    ],
)
def test_a_bad_answer_gets_a_japanese_message_and_changes_nothing(
    client, counter_staff, login_client, bereaved_household, value, message
):
    login_client(counter_staff, client)
    case = open_case(client)
    fact = "answers.funeral_held" if value == "maybe" else "answers.marriage_years"
    response = client.post(
        f"/counter/visits/{case.pk}/answer/", {"fact": fact, "value": value}, HTTP_HX_REQUEST="true"
    )
    assert message in response.content.decode()
    case.refresh_from_db()
    assert case.answers == {}


def test_checklist_lists_every_thing_to_bring_of_an_item(client, confirmed_case):
    case, code = confirmed_case
    screen = type(client)()
    screen.post("/counter/screen/", {"code": code})
    screen.post("/counter/screen/confirm/")
    response = client.get(f"/counter/visits/{case.pk}/checklist.pdf")
    text = re.sub(r"\s", "", pdf_text(response.content))
    pension = text.split("【サンプル年金事務所】")[1].split("【")[0]
    assert "未支給年金" in pension and "電話0000-23-4501" in pension
    things = pension.split("持ち物:", 1)[1]
    # Untruncated: the account and the identity document, the 5th and 8th of the pack's list; each once.
    assert "振込先の口座がわかるもの" in things
    assert things.count("本人確認書類") == 1
    assert "請求書" not in things


def test_resident_screen_separates_printed_forms_from_guidance(client, confirmed_case):
    case, code = confirmed_case
    screen = type(client)()
    screen.post("/counter/screen/", {"code": code})
    page = screen.get("/counter/screen/view/").content.decode()
    printed = page[page.index('data-testid="screen-printed"') : page.index('data-testid="screen-guided"')]
    guided = page[page.index('data-testid="screen-guided"') :]
    assert "ご案内する手続" in guided and "選挙人名簿の抹消" in guided
    assert "選挙人名簿の抹消" not in printed
    # 未支給年金 goes to the pension office, on this screen as in the staff's list.
    assert "未支給年金（未支払給付金）の請求（サンプル年金事務所）" in guided
    assert "未支給年金" not in printed
    staff = client.get(f"/counter/visits/{case.pk}/").content.decode()
    assert "窓口: サンプル年金事務所" in staff
