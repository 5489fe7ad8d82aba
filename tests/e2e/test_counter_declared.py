"""One click fills the heir and the new 世帯主 from the register; a value staff change is flagged with both.

Chromium at 1024×768, as counter staff: the flag (申出 / 住民記録) stays beside the filled values
through the interview, while the resident confirms and at printing; the bundle prints the declaration.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from madoguchi.counter import services
from madoguchi.counter.models import Case
from madoguchi.counter.state import case_state
from tests.counter.conftest import bereaved_household  # noqa: F401
from tests.counter.helpers import pdf_text
from tests.e2e.axe import axe_check
from tests.e2e.test_counter_interview_resolved import _death_visit
from tests.e2e.test_counter_visits import confirm_on_resident_screen

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
YES = {"answers.funeral_held", "answers.has_real_estate", "deceased.pension.receiving"}
REGISTER_ADDRESS = "サンプル市東町三丁目4番地5"
DECLARED_ADDRESS = "サンプル市西町1番2号"
DECLARED_NAME = "鈴木　華子"


def _wait_for_swap(page, step: str) -> None:
    page.wait_for_function(
        "step => { const q = document.querySelector('#question'); return q && q.dataset.step !== step; }",
        arg=step,
    )


def _fill_form_values_with_one_click(page) -> list[str]:
    """Fill every form question: one click on 鈴木 花子 where offered, else save it blank."""
    titles: list[str] = []
    for _ in range(20):
        question = page.locator("#question")
        if question.locator("h2").inner_text().startswith("質問はすべて終わりました"):
            return titles
        step = question.get_attribute("data-step") or ""
        form = question.get_by_test_id("form-question")
        title = form.locator("input[name=question]").input_value()
        one_click = form.get_by_test_id("fill-from-person")
        # A value her record lacks (the heir's phone) comes back without the button: left blank.
        if one_click.count():
            one_click.get_by_role("button", name="鈴木　花子さんを記入").click()
        else:
            form.get_by_role("button", name="保存して次へ").click()
        titles.append(title)
        _wait_for_swap(page, step)
    raise AssertionError("the form questions did not end")


def _correct(page, group: str, path: str, value: str) -> None:
    """Open a filled group with 「直す」, change one value, save."""
    page.get_by_role("link", name=f"{group}を直す").click()
    page.wait_for_load_state()
    assert "様式に書く事項を直す" in page.locator("#question h2").inner_text()
    form = page.get_by_test_id("form-question")
    box = form.locator(f"input[name='{path}']")
    assert box.input_value(), "the correction form shows the value given"
    box.fill(value)
    page.screenshot(path=f"test-artifacts/declared-correct-{path.rsplit('.', 1)[-1]}-window.png")
    form.get_by_role("button", name="保存して次へ").click()
    page.wait_for_function("() => !document.querySelector('#question h2').textContent.includes('を直す')")
    assert "correct=" not in page.url  # a reload does not open the correction again


def test_a_declared_address_and_name_are_flagged_with_the_register_and_printed(
    live_server,
    new_page,
    screenshot,
    counter_staff,
    bereaved_household,  # noqa: F811
):
    # given a death visit whose navigator questions are answered
    page = new_page()
    _death_visit(page, live_server)
    case = Case.objects.get(seat="おくやみコーナー1")
    while case_state(case).questions:
        facts = case_state(case).questions[0].facts
        services.case_answers_record(case=case, values={n: n in YES for n in facts}, actor=counter_staff)
    page.reload()

    # when staff fill the heir and the new 世帯主 with one click: nothing differs yet
    titles = _fill_form_values_with_one_click(page)
    assert {"相続人代表者", "新しい世帯主"} <= set(titles)
    filled = page.get_by_test_id("filled-values")
    assert REGISTER_ADDRESS in filled.inner_text()
    assert not page.get_by_test_id("declared").count()

    # and then correct the heir's address and the new 世帯主's name to what the resident declares
    _correct(page, "相続人代表者", "answers.heir.address", DECLARED_ADDRESS)
    _correct(page, "新しい世帯主", "answers.new_householder.name", DECLARED_NAME)

    # then the flag shows both values, beside the filled values
    flag = page.get_by_test_id("declared")
    items = [i.inner_text() for i in flag.get_by_test_id("declared-item").all()]
    assert len(items) == 2, items
    assert any(f"申出: {DECLARED_ADDRESS}" in i and f"住民記録: {REGISTER_ADDRESS}" in i for i in items)
    assert any(f"申出: {DECLARED_NAME}" in i and "住民記録: 鈴木　花子" in i for i in items)
    flag.scroll_into_view_if_needed()
    assert flag.is_visible()
    page.screenshot(path="test-artifacts/declared-interview-window.png")
    screenshot(page, "interview")
    assert axe_check(page, "counter-case-declared") == []

    # and it stays in view while the resident confirms and when staff print
    page.get_by_test_id("finish").click()
    code = page.get_by_test_id("confirm-code").inner_text().strip()
    assert page.get_by_test_id("declared").is_visible()
    page.screenshot(path="test-artifacts/declared-confirming-window.png")
    confirm_on_resident_screen(new_page, live_server, code, screenshot, "鈴木　一郎")
    page.locator("[data-testid=case-stage]", has_text="確認済み").wait_for(timeout=15_000)
    assert "申出: " + DECLARED_ADDRESS in page.get_by_test_id("declared").inner_text()
    page.screenshot(path="test-artifacts/declared-confirmed-window.png")
    with page.expect_download() as download_info:
        page.get_by_test_id("print").click()
    text = pdf_text(Path(download_info.value.path()).read_bytes())
    # the forms print the declaration, not the register's value
    assert "西町1番2号" in text.replace("１", "1").replace("２", "2")
    assert "華子" in text
