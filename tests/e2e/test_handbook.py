"""A death case at the counter to the end, then the handbook (PDF) and its calendar (.ics), at 1024×768."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from icalendar import Calendar

from madoguchi.counter.models import Case
from madoguchi.counter.packs import current_layouts
from madoguchi.counter.state import case_state
from madoguchi.domain.belongings import KOSEKI
from madoguchi.domain.japanese import format_wareki_weekday
from tests.counter.conftest import bereaved_household  # noqa: F401
from tests.counter.helpers import pdf_text
from tests.e2e.test_counter_visits import (
    BEREAVEMENT_ANSWERS,
    answer_questions,
    confirm_on_resident_screen,
    open_visit,
    pick_from_register,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _flat(text: str) -> str:
    return re.sub(r"\s", "", re.sub(r"受付番号\S+\s*\d+ / \d+ページ", "", text))


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

    with page.expect_download() as pdf_info:
        page.get_by_test_id("handbook").click()
    text = _flat(pdf_text(Path(pdf_info.value.path()).read_bytes()))
    with page.expect_download() as ics_info:
        page.get_by_test_id("handbook-ics").click()
    calendar = Calendar.from_ical(Path(ics_info.value.path()).read_bytes())

    case = Case.objects.get(seat="おくやみコーナー2")
    state = case_state(case)
    assert text.startswith("サンプル市おくやみハンドブック") and case.number in text
    remaining = text[text.index("■これからの手続") : text.index("■戸籍謄本・除籍謄本は何通いりますか")]
    # Grouped by place: the pension office once, with its phone and both pension procedures under it.
    assert remaining.count("【サンプル年金事務所】") == 1
    pension = remaining.split("【サンプル年金事務所】")[1].split("【")[0]
    assert "0000-23-4501" in pension and "未支給年金" in pension
    things = pension.split("ここへお持ちいただくもの")[1]
    assert things.count("本人確認書類") == 1 and "振込先の口座がわかるもの" in things
    for layout_id in {f for p in state.required for f in p.form_ids} & set(current_layouts()):
        assert _flat(current_layouts()[layout_id].name) not in remaining
    assert "要確認" not in text
    advice = text[text.index("■戸籍謄本・除籍謄本は何通いりますか") :]
    assert "サンプル年金事務所" in advice and "法定相続情報一覧図の写し" in advice
    assert KOSEKI in text

    events = list(calendar.walk("VEVENT"))
    assert events
    for event in events:
        name = _flat(str(event["summary"]).removeprefix("期限: "))
        when = format_wareki_weekday(event.decoded("dtstart"))
        # Each event of the calendar is in the handbook with the same date and weekday.
        assert re.search(re.escape(name) + r"期限:" + re.escape(when), remaining), name
