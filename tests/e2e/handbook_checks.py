"""For the handbook and the whole-service e2e tests: download the handbook and its calendar, check both."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from icalendar import Calendar

from madoguchi.counter.models import Case
from madoguchi.counter.packs import current_layouts
from madoguchi.counter.state import case_state
from madoguchi.domain.belongings import KOSEKI
from madoguchi.domain.japanese import format_wareki_weekday
from tests.counter.helpers import pdf_text

REMAINING = "■これからの手続"
KOSEKI_ADVICE = "■戸籍謄本・除籍謄本は何通いりますか"


def flat(text: str) -> str:
    """Return the PDF text without footers and white space (lines wrap where the page ends)."""
    return re.sub(r"\s", "", re.sub(r"受付番号\S+\s*\d+ / \d+ページ", "", text))


def download_handbook(page) -> tuple[str, Calendar]:
    """Click the case bar's two buttons; return the handbook's text and the parsed calendar."""
    with page.expect_download() as pdf_info:
        page.get_by_test_id("handbook").click()
    text = pdf_text(Path(pdf_info.value.path()).read_bytes())
    with page.expect_download() as ics_info:
        page.get_by_test_id("handbook-ics").click()
    return text, Calendar.from_ical(Path(ics_info.value.path()).read_bytes())


def check_handbook(raw: str, calendar: Calendar, case: Case) -> str:
    """Assert what the family must find in the handbook and its calendar; return the flat remaining part."""
    text = flat(raw)
    state = case_state(case)
    assert text.startswith("サンプル市おくやみハンドブック") and case.number in text
    remaining = text[text.index(REMAINING) : text.index(KOSEKI_ADVICE)]
    # Grouped by place: the pension office once, with its phone and both pension procedures under it.
    assert remaining.count("【サンプル年金事務所】") == 1
    pension = remaining.split("【サンプル年金事務所】")[1].split("【")[0]
    assert "0000-23-4501" in pension and "未支給年金" in pension
    things = pension.split("ここへお持ちいただくもの")[1]
    assert things.count("本人確認書類") == 1 and "振込先の口座がわかるもの" in things
    # Every place lists each thing to bring once (lines of the raw text, one thing a line).
    raw_remaining = raw[raw.index("■ これからの手続") : raw.index("■ 戸籍謄本・除籍謄本は何通いりますか")]
    for section in raw_remaining.split("ここへお持ちいただくもの")[1:]:
        items = [
            line.strip() for line in section.split("【")[0].splitlines() if line.strip().startswith("・")
        ]
        assert items and not [item for item, n in Counter(items).items() if n > 1], items
    # A form the counter printed is never a thing to bring.
    for layout_id in {f for p in state.required for f in p.form_ids} & set(current_layouts()):
        assert flat(current_layouts()[layout_id].name) not in remaining
    # Each dated deadline carries its weekday.
    dates = re.findall(r"令和\d+年\d+月\d+日(?:（[月火水木金土日]）)?", remaining)
    assert dates and all(d.endswith("）") for d in dates), dates
    assert "要確認" not in text
    advice = text[text.index(KOSEKI_ADVICE) :]
    assert "サンプル年金事務所" in advice and "法定相続情報一覧図の写し" in advice
    assert KOSEKI in text

    events = list(calendar.walk("VEVENT"))
    assert events
    for event in events:
        name = flat(str(event["summary"]).removeprefix("期限: "))
        when = format_wareki_weekday(event.decoded("dtstart"))
        # Each event of the calendar is in the handbook with the same date and weekday.
        assert re.search(re.escape(name) + r"期限:" + re.escape(when), remaining), name
    return remaining
