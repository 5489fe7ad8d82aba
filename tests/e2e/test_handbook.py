"""A death case at the counter to the end, then the handbook (PDF) and its calendar (.ics), at 1024×768."""

from __future__ import annotations

import pytest

from madoguchi.counter.models import Case
from tests.counter.conftest import bereaved_household  # noqa: F401
from tests.e2e.handbook_checks import check_handbook, download_handbook
from tests.e2e.test_counter_visits import (
    BEREAVEMENT_ANSWERS,
    answer_questions,
    confirm_on_resident_screen,
    open_visit,
    pick_from_register,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_family_takes_home_the_handbook_and_its_calendar(
    live_server,
    new_page,
    screenshot,
    counter_staff,
    bereaved_household,  # noqa: F811
):
    page = new_page()
    page.set_viewport_size({"width": 1024, "height": 768})
    open_visit(page, live_server, "死亡（おくやみ）", "おくやみコーナー2")
    pick_from_register(page, "deceased", "すずき いちろう", "鈴木　一郎")
    answer_questions(page, BEREAVEMENT_ANSWERS)
    page.get_by_test_id("finish").click()
    code = page.get_by_test_id("confirm-code").inner_text().strip()
    confirm_on_resident_screen(new_page, live_server, code, screenshot, "鈴木　一郎")
    page.locator("[data-testid=case-stage]", has_text="確認済み").wait_for(timeout=15_000)
    screenshot(page, "case-bar")

    text, calendar = download_handbook(page)
    check_handbook(text, calendar, Case.objects.get(seat="おくやみコーナー2"))
