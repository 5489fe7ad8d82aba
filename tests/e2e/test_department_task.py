"""A department clerk at 1024×768: the worklist, and a task page with the person and a masked account."""

from __future__ import annotations

import re

import pytest

from madoguchi.counter import services
from madoguchi.counter.models import Case
from tests.conftest import PASSWORD
from tests.counter.conftest import bereaved_household  # noqa: F401
from tests.counter.helpers import answer_every_question_yes
from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _confirmed_case(staff, household) -> Case:
    """Return a confirmed death case, every question answered 「はい」, with a bank account typed."""
    case = services.case_open(actor=staff, events=["death"], seat="おくやみコーナー3", event_date=None)
    services.case_person_add(case=case, role="deceased", resident=household["deceased"], actor=staff)
    services.case_person_add(case=case, role="applicant", resident=household["wife"], actor=staff)
    answer_every_question_yes(case, staff, {"answers.bank.number": "1234567"})
    services.case_finish_interview(case=case, actor=staff)
    return services.case_resident_confirm(case=Case.objects.get(pk=case.pk))


def test_worklist_and_task_page_for_the_department(
    live_server,
    new_page,
    screenshot,
    counter_staff,
    hoken_staff,
    bereaved_household,  # noqa: F811
):
    case = _confirmed_case(counter_staff, bereaved_household)
    page = new_page()
    page.set_viewport_size({"width": 1024, "height": 768})
    login(page, live_server, "hoken", PASSWORD)
    page.goto(f"{live_server.url}/counter/tasks/")
    rows = page.get_by_test_id("worklist")
    text = rows.inner_text()
    assert "鈴木　一郎" in text and "100001" in text and "令和" in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text), "dates are shown in 和暦"
    screenshot(page, "worklist")

    funeral = next(
        t for t in case.tasks.filter(department__code="hoken-nenkin") if "葬祭費" in t.procedure_name
    )
    page.get_by_role("link", name=funeral.procedure_name).click()
    main = page.locator("main")
    assert "鈴木　一郎" in page.get_by_test_id("task-person").inner_text()
    assert "宛名番号 100001" in page.get_by_test_id("task-person").inner_text()
    # the account number shows its last digits; the whole number only when asked for
    assert page.get_by_test_id("masked-account").inner_text() == "＊＊＊＊567"
    assert not page.get_by_test_id("account-number").is_visible()
    screenshot(page, "task")
    assert "answers." not in main.inner_text() and "applicant:" not in main.inner_text()
    page.get_by_text("全桁を表示").click()
    assert page.get_by_test_id("account-number").inner_text() == "1234567"
    assert page.get_by_test_id("account-number").is_visible()

    # the reason belongs to 対象外にする: its own group, its own button; a missing reason is said there
    not_needed = page.get_by_role("group", name="対象外にする")
    assert not_needed.get_by_label("対象外とする理由（必須）").is_visible()
    not_needed.get_by_role("button", name="対象外にする").click()
    page.locator("#nn-error").wait_for()
    assert page.get_by_role("group", name="対象外にする").locator("#nn-error").is_visible()
    assert_accessible(page, "task-refused-reason")
    screenshot(page, "task-refused")
