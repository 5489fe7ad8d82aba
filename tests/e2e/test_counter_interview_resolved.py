"""A death interview in Chromium at 1024×768 ends with nothing 要確認 without a note; bad numbers refused."""

from __future__ import annotations

import pytest

from madoguchi.counter import services
from madoguchi.counter.models import Case
from madoguchi.counter.state import case_state
from madoguchi.domain.navigator import Status
from tests.counter.conftest import bereaved_household  # noqa: F401
from tests.e2e.test_counter_visits import answer_questions, open_visit, pick_from_register

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SMALL = {"width": 1024, "height": 768}
MONTHS = "deceased.pension.type1_paid_months"
ANSWERS = {
    "answers.funeral_held": "はい",
    "answers.has_bank_accounts": "はい",
    "answers.has_real_estate": "はい",
    "answers.chief_mourner": "鈴木 花子",
}


def _death_visit(page, live_server) -> None:
    page.set_viewport_size(SMALL)
    open_visit(page, live_server, "死亡（おくやみ）", "おくやみコーナー1")
    pick_from_register(page, "deceased", "すずき いちろう", "鈴木　一郎")
    pick_from_register(page, "applicant", "すずき はなこ", "鈴木　花子")


def test_a_death_interview_ends_with_every_procedure_decided_or_with_whom_to_ask(
    live_server,
    new_page,
    screenshot,
    counter_staff,
    bereaved_household,  # noqa: F811
):
    page = new_page()
    _death_visit(page, live_server)
    answer_questions(page, ANSWERS)
    case = Case.objects.get(seat="おくやみコーナー1")
    state = case_state(case)
    assert len(case.answers) > 0 and not state.questions
    # every 要確認 row left says whom to ask
    rows = page.locator("[data-procedure][data-status=to_confirm]")
    assert rows.count() == sum(1 for p in state.procedures if p.status == Status.TO_CONFIRM) > 0
    for row in rows.all():
        assert "窓口でご確認ください（" in row.get_by_test_id("confirm-note").inner_text()
    settle = page.get_by_test_id("settle")
    settle.scroll_into_view_if_needed()
    screenshot(page, "settle")
    settle.screenshot(path="test-artifacts/interview-resolved-settle-card.png")
    page.screenshot(path="test-artifacts/interview-resolved-settle-window.png")
    # staff settle them in one step: all chosen, one reason
    settle.get_by_label("理由").fill("庁内の業務システムで該当なしを確認")
    settle.get_by_role("button", name="選んだ手続を不要にする").click()
    page.wait_for_function("() => !document.querySelector('[data-testid=settle]')")
    assert page.locator("[data-procedure][data-status=to_confirm]").count() == 0
    after = case_state(Case.objects.get(pk=case.pk))
    assert not [p for p in after.procedures if p.status == Status.TO_CONFIRM]
    screenshot(page, "settled")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "「abc」は整数ではありません。数字で入力してください"),
        ("-5", "0か月以上で入力してください（いまは「-5」）"),
        ("1200", "960か月以下で入力してください（いまは「1200」）"),
    ],
)
def test_a_bad_number_gets_a_japanese_message_beside_the_field_and_keeps_what_was_typed(
    live_server,
    new_page,
    screenshot,
    counter_staff,
    bereaved_household,  # noqa: F811
    typed,
    message,
):
    page = new_page()
    _death_visit(page, live_server)
    question = page.locator("#question")
    for _ in range(30):
        box = question.locator("input[name=value][inputmode=numeric]")
        if box.count() and question.locator("input[name=fact]").input_value() == MONTHS:
            break
        step = question.get_attribute("data-step")
        form = question.locator("form")
        if form.get_by_test_id("checklist").count():
            form.get_by_role("button", name="決定", exact=True).click()
        else:
            wanted = form.get_by_role("button", name="いいえ", exact=True)
            (wanted if wanted.count() else form.get_by_role("button", name="不明", exact=True)).click()
        page.wait_for_function(
            "step => { const q = document.querySelector('#question'); return q && q.dataset.step !== step; }",
            arg=step,
        )
    else:
        raise AssertionError("国民年金の納付月数 was never asked")
    box.fill(typed)
    question.get_by_role("button", name="決定", exact=True).click()
    error = question.locator("#answer-error")
    error.wait_for()
    assert message in error.inner_text()
    assert question.locator("input[name=value]").input_value() == typed
    assert question.locator("input[name=value]").get_attribute("aria-invalid") == "true"
    assert MONTHS not in Case.objects.get(seat="おくやみコーナー1").answers
    screenshot(page, f"bad-number-{typed}")


def test_one_click_fills_the_heir_from_a_person_of_the_visit(
    live_server,
    new_page,
    screenshot,
    counter_staff,
    bereaved_household,  # noqa: F811
):
    page = new_page()
    _death_visit(page, live_server)
    case = Case.objects.get(seat="おくやみコーナー1")
    yes = {"answers.funeral_held", "answers.has_real_estate", "deceased.pension.receiving"}
    while case_state(case).questions:
        facts = case_state(case).questions[0].facts
        services.case_answers_record(case=case, values={n: n in yes for n in facts}, actor=counter_staff)
    page.reload()
    one_click = page.get_by_test_id("fill-from-person")
    one_click.scroll_into_view_if_needed()
    screenshot(page, "one-click")
    page.screenshot(path="test-artifacts/interview-one-click-window.png")
    step = page.locator("#question").get_attribute("data-step")
    one_click.get_by_role("button", name="鈴木　花子さんを記入").click()
    page.wait_for_function(
        "step => { const q = document.querySelector('#question'); return q && q.dataset.step !== step; }",
        arg=step,
    )
    values = Case.objects.get(pk=case.pk).form_values
    assert "鈴木　花子" in values.values()
