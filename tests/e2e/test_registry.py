"""Counter staff find a person by typing hiragana, pick them with the keyboard, and see the household."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect

from madoguchi.registry.services import residents_import
from tests.conftest import PASSWORD
from tests.e2e.conftest import login
from tests.registry.samples import base_rows, to_csv

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def register():
    assert residents_import(stream=io.BytesIO(to_csv(base_rows()))).ok


def test_counter_staff_types_hiragana_picks_the_person_and_sees_the_household(
    register, counter_staff, live_server, new_page, screenshot
):
    page = new_page()
    login(page, live_server, "counter", PASSWORD)
    page.locator("main").get_by_role("link", name="住民検索").click()
    box = page.get_by_label("氏名・フリガナ・生年月日・宛名番号")
    box.press_sequentially("やまだ", delay=20)
    results = page.locator("a.result")
    expect(results).to_have_count(3)
    box.press_sequentially(" はなこ", delay=20)
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("山田　花子")
    screenshot(page, "results")

    # Keyboard only: ↓ moves from the box into the results, Enter opens the focused person.
    box.press("ArrowDown")
    expect(results.first).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/residents/*/")
    expect(page.locator("h1")).to_contain_text("山田　花子")
    household = page.locator("section#household, section[aria-labelledby=household]")
    names = household.locator("tbody tr td:nth-child(3)").all_inner_texts()
    assert [name.split()[0] for name in names] == ["山田", "山田", "山田"]
    assert [row.split("\t")[1] for row in household.locator("tbody tr").all_inner_texts()] == [
        "世帯主",
        "妻",
        "子",
    ]
    screenshot(page, "resident")


def test_a_deceased_namesake_carries_a_loud_badge(register, counter_staff, live_server, new_page, screenshot):
    page = new_page()
    login(page, live_server, "counter", PASSWORD)
    page.goto(f"{live_server.url}/residents/")
    page.get_by_label("氏名・フリガナ・生年月日・宛名番号").press_sequentially("いちろう", delay=20)
    badges = page.locator("a.result .status")
    expect(badges).to_have_count(2)
    assert sorted(badges.all_inner_texts()) == ["住民", "死亡"]
    deceased = page.locator("a.result", has_text="死亡").locator(".status")
    assert deceased.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(26, 26, 26)"
    # ↑ from the first result returns to the box.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(page.get_by_label("氏名・フリガナ・生年月日・宛名番号")).to_be_focused()
    screenshot(page, "deceased-badge")
