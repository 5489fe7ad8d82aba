"""Measuring the reform in Chromium: a walk-through survey, closed visits, the 3Q survey, the exports."""

from __future__ import annotations

import re

import pypdfium2
import pytest
from playwright.sync_api import expect

from madoguchi.counter import services
from madoguchi.counter.models import Case, Task
from madoguchi.counter.printing import case_print
from madoguchi.counter.state import case_state
from madoguchi.insights.models import ResidentSurvey
from tests.conftest import PASSWORD
from tests.counter.conftest import bereaved_household  # noqa: F401
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
VISITS = 5


def _visit_waiting_for_the_resident(staff, resident) -> str:
    case = services.case_open(actor=staff, events=["death"], seat="おくやみコーナー1", event_date=None)
    services.case_person_add(case=case, role="deceased", resident=resident, actor=staff)
    for question in case_state(case).questions:
        services.case_answers_record(case=case, values=dict.fromkeys(question.facts), actor=staff)
    return services.case_finish_interview(case=case, actor=staff)


def _print_and_close(counter_staff, hoken_staff) -> None:
    for case in Case.objects.filter(stage=Case.Stage.CONFIRMED):
        case_print(case=case, actor=counter_staff)
        for task in Task.objects.filter(case=case):
            services.task_act(task=task, action="complete", version=task.version, actor=hoken_staff)
    assert Case.objects.filter(stage=Case.Stage.CLOSED).count() == VISITS


def _record_walk(page, live_server, screenshot) -> None:
    page.goto(f"{live_server.url}/insights/walks/")
    page.get_by_label("ライフイベント").select_option("death")
    page.get_by_label("調査名").fill("死亡届から始まる手続の体験")
    page.get_by_role("button", name="調査を始める").click()
    page.wait_for_url(re.compile(r"/insights/walks/\d+/$"))
    page.get_by_test_id("walk-start").click()
    for place, names in (("市民課 戸籍係", 3), ("保険年金課", 2)):
        page.get_by_role("button", name="待ち開始").click()
        page.wait_for_timeout(1100)
        page.get_by_role("button", name="呼ばれた（対応開始）").click()
        page.wait_for_timeout(1100)
        page.get_by_role("button", name="窓口を離れた").click()
        assert int(page.get_by_label("待ち時間（秒）").input_value()) >= 1
        assert int(page.get_by_label("対応時間（秒）").input_value()) >= 1
        page.get_by_label("窓口", exact=True).fill(place)
        for _ in range(names):
            page.get_by_role("button", name="氏名を1増やす").click()
        page.get_by_role("button", name="住所を1増やす").click()
        page.get_by_role("button", name="記入した様式の数を1増やす").click()
        screenshot(page, f"walk-{names}")
        page.get_by_test_id("stop-save").click()
        page.get_by_test_id("walk-stops").filter(has_text=place).wait_for()
    assert "2か所・様式2枚・手書き7回" in page.locator("#walk-stops").inner_text()
    page.get_by_test_id("walk-finish").click()
    screenshot(page, "walk-finished")


def test_measure_the_reform(
    live_server,
    new_page,
    screenshot,
    counter_staff,
    hoken_staff,
    dx_staff,
    bereaved_household,  # noqa: F811
):
    # given: five bereavement visits; the first resident confirms on the screen and answers the 3Q survey
    codes = [
        _visit_waiting_for_the_resident(counter_staff, bereaved_household["deceased"]) for _ in range(VISITS)
    ]
    tablet = new_page()
    tablet.set_viewport_size({"width": 1024, "height": 768})
    tablet.goto(f"{live_server.url}/counter/screen/")
    tablet.get_by_label("確認番号").fill(codes[0])
    tablet.get_by_role("button", name="表示する").click()
    tablet.get_by_test_id("screen-confirm").click()
    tablet.get_by_test_id("survey-open").click()
    tablet.get_by_label("とても満足").check()
    tablet.get_by_label("署名だけで済んだ").check()
    tablet.get_by_label("短かった").check()
    tablet.get_by_label(re.compile("ご意見")).fill("担当の佐藤さんが親切でした。電話は0852-00-0000")
    screenshot(tablet, "resident-survey")
    tablet.get_by_test_id("survey-send").click()
    expect(tablet.get_by_test_id("survey-thanks")).to_be_visible()  # waits for the POST's page
    for case in Case.objects.filter(stage=Case.Stage.CONFIRMING):
        services.case_resident_confirm(case=case)
    _print_and_close(counter_staff, hoken_staff)
    answer = ResidentSurvey.objects.get()
    assert (answer.event, answer.satisfaction, answer.writing) == ("death", 5, "signature")

    # when: DX推進 records a walk-through survey and opens the dashboard and the comparison
    page = new_page()
    page.set_viewport_size({"width": 1024, "height": 768})
    login(page, live_server, "dx", PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    screenshot(page, "home")
    _record_walk(page, live_server, screenshot)
    page.goto(f"{live_server.url}/insights/")
    summary = page.get_by_test_id("summary").inner_text()
    assert "来庁（完了した受付）\t5" in summary
    assert "5未満" in page.get_by_test_id("survey-answers").inner_text()
    screenshot(page, "dashboard")
    page.goto(f"{live_server.url}/insights/compare/")
    page.get_by_label("ライフイベント").select_option("death")
    page.get_by_role("button", name="表示").click()
    table = page.get_by_test_id("before-after").inner_text()
    assert "7回 → " in table and "2か所 → 1か所" in table
    screenshot(page, "compare")

    # then: the CSV opens as Shift_JIS and the monthly PDF carries the figures
    page.goto(f"{live_server.url}/insights/")
    with page.expect_download() as download:
        page.get_by_test_id("csv-cp932").click()
    text = download.value.path().read_bytes().decode("cp932")
    assert text.splitlines()[0].startswith("期間の初日,集計単位,ライフイベント,来庁件数")
    assert re.search(r",すべて,5,", text)
    page.locator("#id_report_event").select_option("death")
    with page.expect_download() as download:
        page.get_by_test_id("report-pdf").click()
    pdf = pypdfium2.PdfDocument(str(download.value.path()))
    words = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "窓口改革の効果測定 月次報告" in words and "ライフイベント: 死亡" in words
    assert "死亡届から始まる手続の体験 窓口 2か所 → 1か所" in words
    assert "来庁（完了した受付）" in words and "回答数: 5未満" in words
