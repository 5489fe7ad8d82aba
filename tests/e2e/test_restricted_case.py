"""支援措置 in Chromium at 1024×768: the entitled clerk sees the badge, a colleague sees only a placeholder.

Also two tabs writing the memo of one case: the second gets a message and keeps what it typed.
"""

from __future__ import annotations

import re

import pytest

from madoguchi.accounts.services import staff_restricted_access_set
from madoguchi.audit.models import AuditEntry
from madoguchi.counter import services
from madoguchi.counter.models import Case
from madoguchi.registry.models import Resident
from madoguchi.registry.visibility import PLACEHOLDER
from tests.conftest import PASSWORD, _make
from tests.counter.conftest import bereaved_household  # noqa: F401
from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
VIEWPORT = {"width": 1024, "height": 768}


def _entitled(counter_staff):
    staff = _make("shien", None, "shimin")
    staff.groups.set(counter_staff.groups.all())
    staff_restricted_access_set(staff=staff, granted=True)
    return staff


def _open_visit(page, live_server, username: str) -> str:
    login(page, live_server, username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/counter/")
    page.get_by_role("button", name="受付を開始").click()
    page.wait_for_url(re.compile(r"/counter/visits/\d+/$"))
    return page.url


def test_restricted_person_on_a_case(
    new_page,
    live_server,
    counter_staff,
    hoken_staff,
    bereaved_household,  # noqa: F811
    screenshot,
):
    Resident.objects.filter(pk=bereaved_household["deceased"].pk).update(restricted=True)
    shien = _entitled(counter_staff)
    page = new_page()
    page.set_viewport_size(VIEWPORT)
    url = _open_visit(page, live_server, shien.username)
    section = page.locator("[data-subject=deceased]")
    section.locator("input[name=q]").fill("すずき いちろう")
    section.get_by_role("button", name="検索").click()
    result = section.locator("[data-testid=result]").first
    assert "支援措置" in result.inner_text()
    assert "q=" not in page.url
    screenshot(page, "entitled-search")
    result.get_by_role("button", name="この方を選ぶ").click()
    page.wait_for_url(url)
    assert page.locator("[data-testid=restricted-badge]").is_visible()
    screenshot(page, "entitled-case")
    entry = AuditEntry.objects.filter(action="case.view").last()
    assert entry.detail["restricted_shown"] == [f"resident:{bereaved_household['deceased'].pk}"]

    colleague = new_page()
    colleague.set_viewport_size(VIEWPORT)
    login(colleague, live_server, counter_staff.username, PASSWORD)
    colleague.wait_for_url(f"{live_server.url}/")
    colleague.goto(url)
    text = colleague.locator("main").inner_text()
    assert PLACEHOLDER in text and "鈴木" not in text and "スズキ" not in text
    assert colleague.get_by_test_id("restricted-case").is_visible()
    assert_accessible(colleague, "case-restricted-placeholder")
    screenshot(colleague, "colleague-placeholder")

    # Confirmed and routed: 保険年金課 sees its task with the placeholder and none of the derived facts.
    case = Case.objects.get(pk=int(re.search(r"/visits/(\d+)/", url)[1]))
    services.case_finish_interview(case=case, actor=shien)
    case = services.case_resident_confirm(case=Case.objects.get(pk=case.pk))
    task = case.tasks.filter(department__code="hoken-nenkin").first()
    clerk = new_page()
    clerk.set_viewport_size(VIEWPORT)
    login(clerk, live_server, hoken_staff.username, PASSWORD)
    clerk.wait_for_url(f"{live_server.url}/")
    clerk.goto(f"{live_server.url}/counter/tasks/{task.pk}/")
    text = clerk.locator("main").inner_text()
    assert PLACEHOLDER in text and "鈴木" not in text and "理由:" not in text
    screenshot(clerk, "department-task")
    # nor does the worklist name the person, or give the 宛名番号
    clerk.goto(f"{live_server.url}/counter/tasks/")
    text = clerk.get_by_test_id("worklist").inner_text()
    assert PLACEHOLDER in text and "鈴木" not in text and "スズキ" not in text
    assert bereaved_household["deceased"].atena_no not in text
    assert_accessible(clerk, "worklist-restricted-placeholder")
    screenshot(clerk, "department-worklist")


def test_a_stale_memo_in_a_second_tab_keeps_the_text(new_page, live_server, counter_staff, screenshot):
    first = new_page()
    first.set_viewport_size(VIEWPORT)
    url = _open_visit(first, live_server, counter_staff.username)
    second = first.context.new_page()
    second.goto(url)
    first.locator("textarea[name=notes]").fill("先に保存したメモ")
    first.get_by_role("button", name="メモを保存").click()
    first.wait_for_function(
        "() => document.querySelector('textarea[name=notes]').value === '先に保存したメモ'"
    )
    second.locator("textarea[name=notes]").fill("後から書いたメモ")
    second.get_by_role("button", name="メモを保存").click()
    second.get_by_test_id("typed-note").wait_for()
    assert "先に他の職員" in second.locator("#interview").inner_text()
    assert "後から書いたメモ" in second.get_by_test_id("typed-note").inner_text()
    assert second.locator("textarea[name=notes]").input_value() == "先に保存したメモ"
    screenshot(second, "stale-memo")
    memo = second.locator("#interview section", has=second.locator("textarea[name=notes]"))
    memo.screenshot(path=str(screenshot(second, "stale-memo").with_name("stale-memo-section.png")))
