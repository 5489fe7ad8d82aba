"""The one-stop counter in Chromium: a bereavement visit end to end, and a household of three moving out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from madoguchi.counter import services
from madoguchi.counter.models import Case, PrintRecord, Task
from madoguchi.counter.packs import current_layouts
from madoguchi.counter.state import case_state
from tests.conftest import PASSWORD
from tests.counter.conftest import bereaved_household, moving_household  # noqa: F401
from tests.counter.helpers import pdf_text
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BEREAVEMENT_ANSWERS = {
    "answers.funeral_held": "はい",
    "deceased.pension.receiving": "はい",
    "answers.funeral_date": "令和8年11月21日",
    "answers.chief_mourner": "鈴木 花子",
    "answers.bank.name": "山陰中央銀行",
    "answers.bank.number": "1234567",
}


def answer_questions(page, answers: dict[str, str], limit: int = 60) -> list[str]:
    """Answer each question the page asks, one at a time; return the facts asked."""
    asked: list[str] = []
    for _ in range(limit):
        question = page.locator("#question")
        step = question.get_attribute("data-step")
        if question.locator("h2").inner_text().startswith("質問はすべて終わりました"):
            return asked
        form = question.locator("form")
        fact = form.locator("input[name=fact]")
        checklist = form.get_by_test_id("checklist")
        if checklist.count():
            # One screen of yes/no lines: tick those answered はい, leave the others (いいえ).
            for item in checklist.locator("input[type=checkbox]").all():
                asked.append(item.get_attribute("value") or "")
                if answers.get(item.get_attribute("value") or "") == "はい":
                    item.check()
            form.get_by_role("button", name="決定", exact=True).click()
        elif fact.count():
            name = fact.input_value()
            asked.append(name)
            wanted = answers.get(name, "いいえ")
            button = form.get_by_role("button", name=wanted, exact=True)
            if not button.count():
                button = form.get_by_role("button", name="不明", exact=True)
            button.click()
        else:
            title = form.locator("input[name=question]").input_value()
            asked.append(title)
            for path, value in answers.items():
                box = form.locator(f"input[type=text][name='{path}'], input:not([type])[name='{path}']")
                if box.count():
                    box.fill(value)
            form.get_by_role("button", name="保存して次へ").click()
        # Wait for the saved answer to come back (htmx swaps the interview in place).
        page.wait_for_function(
            "step => { const q = document.querySelector('#question'); return q && q.dataset.step !== step; }",
            arg=step,
        )
    raise AssertionError("the interview did not end")


def open_visit(page, live_server, event_label: str, seat: str) -> None:
    login(page, live_server, "counter", PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/counter/")
    for box in page.locator("input[name=events]").all():
        box.uncheck()
    page.get_by_label(event_label).check()
    page.get_by_label("窓口・席").fill(seat)
    page.get_by_role("button", name="受付を開始").click()
    page.wait_for_url(re.compile(r"/counter/visits/\d+/$"))


def pick_from_register(page, role: str, query: str, name: str) -> None:
    page.get_by_test_id(f"search-{role}").fill(query)
    page.get_by_test_id(f"search-{role}").press("Enter")
    result = page.locator(f"#results-{role} [data-testid=result]", has_text=name)
    result.get_by_role("button", name="この方を選ぶ").click()
    page.wait_for_load_state()


def confirm_on_resident_screen(new_page, live_server, code: str, screenshot, expected_name: str) -> None:
    tablet = new_page()
    tablet.goto(f"{live_server.url}/counter/screen/")
    tablet.get_by_label("確認番号").fill(code)
    tablet.get_by_role("button", name="表示する").click()
    tablet.wait_for_url(f"{live_server.url}/counter/screen/view/")
    assert expected_name in tablet.locator("main").inner_text()
    assert "この内容でよろしいですか" in tablet.locator("main").inner_text()
    screenshot(tablet, "resident-screen")
    tablet.get_by_test_id("screen-confirm").click()
    expect(tablet.get_by_test_id("screen-thanks")).to_be_visible()  # waits for the POST's page


def test_bereavement_visit(live_server, new_page, screenshot, counter_staff, hoken_staff, bereaved_household):  # noqa: F811
    page = new_page()
    open_visit(page, live_server, "死亡（おくやみ）", "おくやみコーナー1")
    pick_from_register(page, "deceased", "すずき いちろう", "鈴木　一郎")
    assert "鈴木　一郎" in page.get_by_test_id("person-deceased").inner_text()
    facts = page.get_by_test_id("register-facts").inner_text()
    assert "85" in facts and "住民記録" in facts
    details = page.locator("[data-subject=applicant] details")
    details.locator("summary").click()
    details.get_by_label("氏名").fill("髙橋　直子")
    details.get_by_label("フリガナ（ひらがな可）").fill("たかはし なおこ")
    details.get_by_label("生年月日（和暦可）").fill("昭和43年7月30日")
    details.get_by_label("続柄").fill("長女")
    details.get_by_label("電話番号").fill("090-1234-5678")
    details.get_by_role("button", name="追加").click()
    page.wait_for_load_state()

    asked = answer_questions(page, BEREAVEMENT_ANSWERS)
    register_names = {"deceased.age", "household.size", "spouse.exists", "deceased.is_householder"}
    assert not register_names & set(asked), "a register fact was asked"
    procedures = page.get_by_test_id("procedures")
    assert "理由:" in procedures.inner_text() and "期限:" in procedures.inner_text()
    assert procedures.locator(".procedure--urgent, .procedure--irreversible").count() >= 1
    screenshot(page, "interview")

    page.get_by_test_id("finish").click()
    code = page.get_by_test_id("confirm-code").inner_text().strip()
    confirm_on_resident_screen(new_page, live_server, code, screenshot, "鈴木　一郎")
    # The staff page polls and reloads once the resident has confirmed.
    page.locator("[data-testid=case-stage]", has_text="確認済み").wait_for(timeout=15_000)

    with page.expect_download() as download_info:
        page.get_by_test_id("print").click()
    pdf = Path(download_info.value.path()).read_bytes()
    case = Case.objects.get(seat="おくやみコーナー1")
    required_forms = {f for p in case_state(case).required for f in p.form_ids if f in current_layouts()}
    record = PrintRecord.objects.get(case=case)
    assert set(record.forms) == required_forms and required_forms
    text = pdf_text(pdf)
    assert "鈴木" in text and "一郎" in text
    # The signature guide names each form of the bundle once, in 【】.
    for form_id, layout in current_layouts().items():
        assert (f"【{layout.name}】" in text) == (form_id in required_forms), layout.name
    screenshot(page, "printed")

    worker = new_page()
    login(worker, live_server, "hoken", PASSWORD)
    worker.goto(f"{live_server.url}/counter/tasks/")
    hoken_tasks = Task.objects.filter(case=case, department__code="hoken-nenkin")
    assert hoken_tasks.exists()
    for task in hoken_tasks:
        worker.goto(f"{live_server.url}/counter/tasks/{task.pk}/")
        worker.get_by_test_id("take").click()
        assert worker.get_by_test_id("task-status").inner_text() == "対応中"
        worker.get_by_test_id("complete").click()
        worker.wait_for_url(f"{live_server.url}/counter/tasks/")
    screenshot(worker, "worklist")

    page.goto(f"{live_server.url}/counter/board/")
    done = hoken_tasks.count()
    total = case.tasks.count()
    assert (
        page.locator(f"tr[data-case='{case.number}'] [data-testid=progress]").inner_text()
        == f"{done}/{total}"
    )
    screenshot(page, "board")
    # The other departments finish their tasks.
    for task in Task.objects.filter(case=case).exclude(status="done"):
        services.task_act(task=task, action="complete", version=task.version, actor=counter_staff)
    case.refresh_from_db()
    assert case.stage == Case.Stage.CLOSED

    page.goto(f"{live_server.url}/counter/visits/{case.pk}/")
    assert page.get_by_test_id("case-stage").inner_text() == "完了"
    with page.expect_download() as checklist_info:
        page.get_by_test_id("checklist").click()
    checklist = pdf_text(Path(checklist_info.value.path()).read_bytes())
    assert "チェックリスト" in checklist and case.number in checklist


def test_move_out_of_a_household_of_three(live_server, new_page, screenshot, counter_staff, moving_household):  # noqa: F811
    page = new_page()
    open_visit(page, live_server, "転出（他の市区町村・国外へ）", "2番窓口")
    for name in ("山田　太郎", "山田　美咲", "山田　陽向"):
        pick_from_register(page, "movers", "やまだ", name)
    assert page.locator("[data-testid=person-movers]").count() == 3
    facts = page.get_by_test_id("register-facts").inner_text()
    assert "3" in facts and "転出" in facts
    asked = answer_questions(page, {"move.to_abroad": "いいえ"})
    assert "move.type" not in asked and "movers.any_nhi" not in asked
    case = Case.objects.get(seat="2番窓口")
    required = {p.id for p in case_state(case).required}
    assert {"move_out_notification", "move_out_nhi_loss"} <= required
    screenshot(page, "interview")
    page.get_by_test_id("finish").click()
    code = page.get_by_test_id("confirm-code").inner_text().strip()
    confirm_on_resident_screen(new_page, live_server, code, screenshot, "山田　陽向")
    # The staff page polls and reloads once the resident has confirmed.
    page.locator("[data-testid=case-stage]", has_text="確認済み").wait_for(timeout=15_000)
    with page.expect_download() as download_info:
        page.get_by_test_id("print").click()
    text = pdf_text(Path(download_info.value.path()).read_bytes())
    assert "山田" in text
    assert set(Task.objects.filter(case=case).values_list("procedure_id", flat=True)) >= {
        "move_out_notification"
    }
    screenshot(page, "printed")
