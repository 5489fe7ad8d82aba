"""A death visit in Chromium at 1024×768 with the departments' numbers imported: decided and printed."""

from __future__ import annotations

import io

import pytest

from madoguchi.registry.services import department_numbers_import
from tests.counter.conftest import bereaved_household  # noqa: F401
from tests.e2e.test_counter_event_forms import confirm_and_print, field_text, marked_options
from tests.e2e.test_counter_visits import answer_questions, open_visit, pick_from_register

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
# 鈴木 一郎 (100001): 後期高齢・介護保険・印鑑登録 in the register, and a 精神障害者保健福祉手帳.
NUMBERS = (
    "宛名番号,番号の種類,番号\r\n"
    "100001,後期高齢者医療被保険者番号,30000012\r\n"
    "100001,介護保険被保険者番号,9000000012\r\n"
    "100001,印鑑登録番号,000123\r\n"
    "100001,精神障害者保健福祉手帳番号,第00077号\r\n"
)


def test_the_numbers_decide_the_handbook_return_and_are_printed_on_each_form(
    live_server,
    new_page,
    screenshot,
    counter_staff,
    bereaved_household,  # noqa: F811
):
    assert department_numbers_import(stream=io.BytesIO(NUMBERS.encode("cp932"))).ok
    page = new_page()
    page.set_viewport_size({"width": 1024, "height": 768})
    open_visit(page, live_server, "死亡（おくやみ）", "おくやみコーナー2")
    pick_from_register(page, "deceased", "すずき いちろう", "鈴木　一郎")
    pick_from_register(page, "applicant", "すずき はなこ", "鈴木　花子")
    # The return of the 手帳 is decided from the numbers, with where that came from.
    row = page.locator("[data-procedure=death_disability_handbook_return]")
    assert row.get_attribute("data-status") == "required"
    facts = page.locator("td.source", has_text="業務システムの番号")
    assert facts.count() >= 1
    facts.first.scroll_into_view_if_needed()
    screenshot(page, "numbers-facts")
    answer_questions(
        page,
        {"answers.funeral_held": "はい", "answers.chief_mourner": "鈴木 花子"},
    )
    _, pdf, forms = confirm_and_print(
        page, new_page, live_server, screenshot, "おくやみコーナー2", "鈴木　一郎"
    )
    assert field_text(pdf, "F_H03", forms["F_H03"], "insured_number") == "30000012"
    assert field_text(pdf, "F_L01", forms["F_L01"], "insured_number") == "9000000012"
    assert field_text(pdf, "F_M03", forms["F_M03"], "registration_number") == "000123"
    assert field_text(pdf, "F_W01", forms["F_W01"], "handbook_number") == "第00077号"
    assert marked_options(pdf, "F_W01", forms["F_W01"], "handbook_kind") == ["精神障害者保健福祉手帳"]
