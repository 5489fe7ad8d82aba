"""The counter under pressure, in Chromium at 1024×768: the next step in view, nothing typed lost,
cancel/merge/warnings, every demo department finishing its task, and axe-core on the staff pages."""

from __future__ import annotations

import re

import pytest

from madoguchi.counter import services
from madoguchi.counter.models import Case, Task
from madoguchi.ops.demo import demo_prepare
from tests.conftest import PASSWORD
from tests.counter.conftest import bereaved_household  # noqa: F401
from tests.counter.helpers import answer_every_question_yes
from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import login
from tests.e2e.test_counter_visits import BEREAVEMENT_ANSWERS, open_visit, pick_from_register

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SMALL = {"width": 1024, "height": 768}
WIDE = {"width": 1366, "height": 768}


def _in_view(page, locator) -> bool:
    """Return whether the element is wholly inside the window, without scrolling."""
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"]


def _answer_each_in_view(page, answers: dict[str, str], limit: int = 60) -> int:
    """Answer every question; after each one the next step must be in the window. Return how many."""
    for count in range(limit):
        question = page.locator("#question")
        if question.locator("h2").inner_text().startswith("質問はすべて終わりました"):
            return count
        step = question.get_attribute("data-step")
        form = question.locator("form")
        fact = form.locator("input[name=fact]")
        if fact.count():
            wanted = answers.get(fact.input_value(), "いいえ")
            button = form.get_by_role("button", name=wanted, exact=True)
            if not button.count():
                button = form.get_by_role("button", name="不明", exact=True)
            button.click()
        else:
            for path, value in answers.items():
                box = form.locator(f"input[name='{path}']:not([type=radio]):not([type=checkbox])")
                if box.count():
                    box.fill(value)
            form.get_by_role("button", name="保存して次へ").click()
        page.wait_for_function(
            "step => { const q = document.querySelector('#question'); return q && q.dataset.step !== step; }",
            arg=step,
        )
        assert _in_view(page, page.get_by_test_id("next-action")), "the case bar left the window"
        assert _in_view(page, page.get_by_test_id("next-question")), "the next step left the window"
        first = page.locator("#question form button, #question h2").first
        assert _in_view(page, first), "the question is off-screen after an answer"
    raise AssertionError("the interview did not end")


def test_the_next_step_stays_in_view_at_1024(
    live_server,
    new_page,
    screenshot,
    counter_staff,
    bereaved_household,  # noqa: F811
):
    page = new_page()
    page.set_viewport_size(SMALL)
    open_visit(page, live_server, "死亡（おくやみ）", "おくやみコーナー1")
    assert_accessible(page, "case-new")
    pick_from_register(page, "deceased", "すずき いちろう", "鈴木　一郎")

    # A bad date in the manual-person form keeps every typed field, with the message beside it.
    details = page.locator("[data-subject=applicant] details")
    details.locator("summary").click()
    typed = {
        "氏名": "髙橋　直子",
        "フリガナ（ひらがな可）": "たかはし なおこ",
        "生年月日（和暦可）": "昭和99年13月40日",
        "郵便番号": "６９０－０８８７",
        "住所": "松江市殿町1番地",
        "電話番号": "０９０ー１２３４ー５６７８",
        "続柄": "長女",
    }
    for label, value in typed.items():
        details.get_by_label(label).fill(value)
    details.get_by_label("性別").select_option("女")
    details.get_by_role("button", name="追加").click()
    page.wait_for_load_state()
    details = page.locator("[data-subject=applicant] details")
    # The message sits beside the refused field, which says it is invalid; no other field is marked.
    assert details.locator("#typed-error-birth_date").inner_text().strip()
    assert details.get_by_label("生年月日（和暦可）").get_attribute("aria-invalid") == "true"
    assert details.locator("[aria-invalid=true]").count() == 1
    for label, value in typed.items():
        assert details.get_by_label(label).input_value() == value, label
    assert details.get_by_label("性別").input_value() == "女"
    screenshot(page, "typed-person-kept")
    details.get_by_label("生年月日（和暦可）").fill("昭和43年7月30日")
    details.get_by_role("button", name="追加").click()
    page.wait_for_load_state()
    assert page.locator("[data-testid=person-applicant]").count() == 1
    assert_accessible(page, "case-interview")
    screenshot(page, "interview-start")
    # The long procedure list scrolls in its own column, 不要 rows folded: it does not stretch the page.
    assert page.get_by_test_id("procedures").evaluate("e => e.scrollHeight > e.clientHeight")
    assert page.evaluate("document.documentElement.scrollHeight") < 4 * SMALL["height"]
    assert not page.get_by_test_id("procedures-others").evaluate("e => e.open")
    page.set_viewport_size(WIDE)
    assert _in_view(page, page.get_by_test_id("next-question"))
    assert _in_view(page, page.locator("#question form button").first)
    page.set_viewport_size(SMALL)

    assert _answer_each_in_view(page, BEREAVEMENT_ANSWERS) > 3
    page.wait_for_function("() => document.activeElement.dataset.testid === 'finish'", timeout=5_000)
    screenshot(page, "interview-done")
    page.get_by_test_id("finish").click()
    page.wait_for_load_state()
    code = page.get_by_test_id("confirm-code")
    assert _in_view(page, code) and re.fullmatch(r"\d{6}", code.inner_text().strip())
    assert_accessible(page, "case-confirming")
    screenshot(page, "code")

    # The resident types the code in full-width digits with a hyphen.
    tablet = new_page()
    full_width = code.inner_text().strip().translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    tablet.goto(f"{live_server.url}/counter/screen/")
    tablet.get_by_label("確認番号").fill(f"{full_width[:3]}－{full_width[3:]}")
    tablet.get_by_role("button", name="表示する").click()
    tablet.wait_for_url(f"{live_server.url}/counter/screen/view/")
    assert (
        "1234567" not in tablet.locator("main").inner_text() and "567" in tablet.locator("main").inner_text()
    )
    screenshot(tablet, "resident-screen")
    tablet.get_by_test_id("screen-confirm").click()

    page.locator("[data-testid=case-stage]", has_text="確認済み").wait_for(timeout=15_000)
    assert _in_view(page, page.get_by_test_id("print"))
    assert_accessible(page, "case-confirmed")
    screenshot(page, "confirmed")
    page.set_viewport_size(WIDE)
    assert _in_view(page, page.get_by_test_id("print"))
    screenshot(page, "confirmed-1366")


def test_keyboard_only_visit(live_server, new_page, counter_staff, bereaved_household):  # noqa: F811
    page = new_page()
    page.set_viewport_size(SMALL)
    open_visit(page, live_server, "死亡（おくやみ）", "おくやみコーナー2")
    search = page.get_by_test_id("search-deceased")
    search.focus()
    page.keyboard.type("すずき いちろう")
    page.keyboard.press("Enter")  # Enter submits the search
    page.locator("#results-deceased [data-testid=result]").first.wait_for()
    # Tab from the search box reaches the result's button before anything else of the form.
    for _ in range(4):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "この方を選ぶ":
            break
    assert page.evaluate("document.activeElement.textContent") == "この方を選ぶ"
    page.keyboard.press("Enter")
    page.get_by_test_id("person-deceased").wait_for()
    # Each answer by keyboard: after the htmx swap the cursor is in the next question.
    page.locator("#question form button, #question input:not([type=hidden])").first.focus()
    for _ in range(60):
        question = page.locator("#question")
        if question.locator("h2").inner_text().startswith("質問はすべて終わりました"):
            break
        step = question.get_attribute("data-step")
        # The cursor lands in the question once htmx has swapped it in (no click, no Tab).
        page.wait_for_function("() => !!document.activeElement.closest('#question')", timeout=5_000)
        page.keyboard.press("Enter")
        page.wait_for_function(
            "step => { const q = document.querySelector('#question'); return q && q.dataset.step !== step; }",
            arg=step,
        )
    # With no question left the cursor is on 「住民の確認へ」: Enter ends the interview.
    page.wait_for_function("() => document.activeElement.dataset.testid === 'finish'", timeout=5_000)
    page.keyboard.press("Enter")
    page.get_by_test_id("confirm-code").wait_for()
    assert Case.objects.get(seat="おくやみコーナー2").stage == Case.Stage.CONFIRMING


def _open_case_with(staff, resident, seat: str) -> Case:
    case = services.case_open(actor=staff, events=["death"], seat=seat, event_date=None)
    services.case_person_add(case=case, role="deceased", resident=resident, actor=staff)
    return case


def test_warnings_cancel_and_merge(live_server, new_page, screenshot, counter_staff, bereaved_household):  # noqa: F811
    original = _open_case_with(counter_staff, bereaved_household["deceased"], "1番")
    page = new_page()
    page.set_viewport_size(SMALL)
    open_visit(page, live_server, "死亡（おくやみ）", "2番")
    duplicate = Case.objects.get(seat="2番")

    # A living resident as the deceased: warned, nothing added until confirmed.
    pick_from_register(page, "deceased", "すずき はなこ", "鈴木　花子")
    warning = page.get_by_test_id("pick-warning")
    assert "生存" in warning.inner_text()
    assert_accessible(page, "case-pick-warning")
    screenshot(page, "living-warning")
    warning.get_by_role("link", name="追加しない").click()
    assert not duplicate.people.exists()

    # The same deceased already in an open case: warned with its number, then added on confirmation.
    pick_from_register(page, "deceased", "すずき いちろう", "鈴木　一郎")
    assert original.number in page.get_by_test_id("pick-warning").inner_text()
    page.get_by_test_id("pick-confirm").click()
    page.wait_for_load_state()
    assert duplicate.people.count() == 1

    # Merge the duplicate into the original, typed as staff say it (「1」).
    page.locator("[data-testid=lifecycle] summary").click()
    page.get_by_test_id("merge-into").fill(original.number.split("-")[1].lstrip("0"))
    page.get_by_test_id("merge").click()
    page.wait_for_url(f"{live_server.url}/counter/visits/{original.pk}/")
    assert "統合しました" in page.locator(".messages").inner_text()
    duplicate.refresh_from_db()
    assert duplicate.stage == Case.Stage.CANCELLED and duplicate.merged_into_id == original.pk
    screenshot(page, "merged")

    # Cancel the original with a reason: it leaves the board.
    page.locator("[data-testid=lifecycle] summary").click()
    page.get_by_test_id("cancel").click()  # the reason is required: the browser asks first
    assert Case.objects.get(pk=original.pk).stage == Case.Stage.INTERVIEW
    page.get_by_test_id("cancel-reason").fill("住民が来庁を取りやめた")
    page.get_by_test_id("cancel").click()
    page.wait_for_load_state()
    assert "取り消されました" in page.get_by_test_id("next-action").inner_text()
    page.goto(f"{live_server.url}/counter/board/")
    assert page.locator(f"tr[data-case='{original.number}']").count() == 0
    assert_accessible(page, "board")

    # The deceased already has a closed case: warned.
    closed = _open_case_with(counter_staff, bereaved_household["deceased"], "3番")
    Case.objects.filter(pk=closed.pk).update(stage=Case.Stage.CLOSED)
    page.goto(f"{live_server.url}/counter/")
    for box in page.locator("input[name=events]").all():
        box.uncheck()
    page.get_by_label("死亡（おくやみ）").check()
    page.get_by_role("button", name="受付を開始").click()
    page.wait_for_url(re.compile(r"/counter/visits/\d+/$"))
    pick_from_register(page, "deceased", "すずき いちろう", "鈴木　一郎")
    assert (
        f"すでに完了しています（受付番号 {closed.number}）"
        in page.get_by_test_id("pick-warning").inner_text()
    )


def test_each_demo_department_completes_its_task_and_the_case_closes(
    live_server,
    new_page,
    screenshot,
    counter_staff,
    bereaved_household,  # noqa: F811
):
    accounts = {demo.department: demo for demo in demo_prepare() if demo.role.value == "担当課職員"}
    case = _open_case_with(counter_staff, bereaved_household["deceased"], "おくやみコーナー5")
    services.case_person_add(
        case=case, role="applicant", resident=bereaved_household["wife"], actor=counter_staff
    )
    answer_every_question_yes(case, counter_staff)
    services.case_finish_interview(case=case, actor=counter_staff)
    case = services.case_resident_confirm(case=Case.objects.get(pk=case.pk))
    departments = set(case.tasks.values_list("department__code", flat=True))
    assert len(departments) >= 3, departments
    for code in sorted(departments):
        demo = accounts[code]
        worker = new_page()
        worker.set_viewport_size(SMALL)
        login(worker, live_server, demo.username, demo.password)
        worker.goto(f"{live_server.url}/counter/tasks/")
        rows = worker.get_by_test_id("worklist")
        assert "鈴木　一郎" in rows.inner_text() and "100001" in rows.inner_text()
        assert_accessible(worker, f"worklist-{code}")
        screenshot(worker, f"worklist-{code}")
        for task in Task.objects.filter(case=case, department__code=code):
            worker.goto(f"{live_server.url}/counter/tasks/{task.pk}/")
            text = worker.locator("main").inner_text()
            assert "answers." not in text and "applicant:" not in text and not re.search(r"F_[A-Z]\d", text)
            assert_accessible(worker, f"task-{code}")
            worker.get_by_test_id("complete").click()
            worker.wait_for_url(f"{live_server.url}/counter/tasks/")
    case.refresh_from_db()
    assert case.stage == Case.Stage.CLOSED


def test_staff_pages_have_no_serious_accessibility_violations(
    live_server, new_page, admin_staff, auditor_staff, counter_staff, hoken_staff
):
    pages = {
        "counter": ["/", "/counter/", "/counter/board/", "/residents/", "/accounts/password/"],
        "hoken": ["/counter/tasks/"],
        "admin": ["/accounts/staff/", "/accounts/staff/new/", "/accounts/departments/"],
        "auditor": ["/audit/"],
    }
    for username, paths in pages.items():
        page = new_page()
        page.set_viewport_size(SMALL)
        login(page, live_server, username, PASSWORD)
        page.wait_for_load_state()
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, path
            assert_accessible(page, f"{username}{path}")
    screen = new_page()
    screen.goto(f"{live_server.url}/counter/screen/")
    assert_accessible(screen, "resident-screen-code")
