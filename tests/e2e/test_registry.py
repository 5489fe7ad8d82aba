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


def test_a_submitted_search_keeps_the_text_on_the_page_and_out_of_the_url(
    register, counter_staff, live_server, new_page, screenshot
):
    page = new_page()
    login(page, live_server, "counter", PASSWORD)
    page.goto(f"{live_server.url}/residents/")
    box = page.get_by_label("氏名・フリガナ・生年月日・宛名番号")
    box.fill("山田 H5.1.1")
    with page.expect_response(lambda r: r.request.method == "POST" and "hx-request" not in r.request.headers):
        page.get_by_role("button", name="検索").click()
    page.wait_for_load_state()
    expect(page.locator("a.result")).to_have_count(1)
    expect(box).to_have_value("山田 H5.1.1")
    assert page.url == f"{live_server.url}/residents/", "names and birth dates stay out of the URL"
    screenshot(page, "submitted-search")


def test_an_admin_cancels_a_preview_and_the_upload_is_gone(
    admin_staff, live_server, new_page, screenshot, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    csv_file = tmp_path / "jumin.csv"
    csv_file.write_bytes(to_csv(base_rows()))
    page = new_page()
    login(page, live_server, "admin", PASSWORD)
    page.goto(f"{live_server.url}/residents/import/")
    page.get_by_label("住民データのCSVファイル").set_input_files(str(csv_file))
    page.get_by_role("button", name="検査する").click()
    expect(page.get_by_role("heading", name="取込前の確認")).to_be_visible()
    expect(page.get_by_text("10分以内に取り込まなかったとき")).to_be_visible()
    assert len(list((tmp_path / "imports").glob("*.csv"))) == 1
    screenshot(page, "preview")
    page.get_by_role("link", name="やめる").click()
    expect(page.get_by_role("heading", name="取込前の確認")).to_have_count(0)
    assert list((tmp_path / "imports").glob("*.csv")) == []
