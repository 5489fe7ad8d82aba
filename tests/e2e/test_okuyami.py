"""The bereavement corner in Chromium at 1024×768: phone booking → two departments prepare (one pre-prints
its form) → visit day → the interview ends, the resident confirms → handbook and calendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from madoguchi.counter.models import Case
from madoguchi.domain.japanese import format_wareki
from madoguchi.domain.okuyami import earliest_day
from madoguchi.okuyami.models import Booking, Corner
from tests.conftest import PASSWORD
from tests.counter.conftest import bereaved_household  # noqa: F401
from tests.counter.helpers import pdf_text
from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import login
from tests.e2e.handbook_checks import check_handbook, download_handbook, flat
from tests.e2e.test_counter_visits import BEREAVEMENT_ANSWERS, answer_questions, confirm_on_resident_screen

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def small_page(new_page):
    """Return a factory of 1024×768 pages, each in its own browser context (own login)."""

    def _page():
        page = new_page()
        page.set_viewport_size({"width": 1024, "height": 768})
        return page

    return _page


def _prepare(page, live_server, staff, department: str, applies: str, note: str, screenshot) -> str:
    login(page, live_server, staff.username, PASSWORD)
    page.goto(f"{live_server.url}/okuyami/prepare/")
    row = page.locator("tr", has_text=department)
    assert "来庁日時" in page.content()
    row.get_by_role("link").click()
    first = page.locator("tr[data-procedure]").first
    procedure = first.get_attribute("data-procedure")
    first.get_by_label(applies, exact=True).check()
    first.get_by_label("のメモ").fill(note)
    screenshot(page, f"prepare-{staff.username}")
    assert_accessible(page, f"okuyami-prepare-{staff.username}")
    page.get_by_role("button", name="準備完了にする").click()
    assert "準備の内容を保存しました" in page.content()
    return procedure


def test_phone_booking_departments_prepare_visit_day_then_the_handbook(
    small_page,
    new_page,
    live_server,
    screenshot,
    counter_staff,
    hoken_staff,
    zeimu_staff,
    bereaved_household,  # noqa: F811
):
    corner = Corner.objects.create(
        name="おくやみコーナー", place="本庁舎1階 市民課となり", phone="0852-00-0000",
        opens=dt.time(9), closes=dt.time(16), slot_minutes=90, seats=2, lead_days=2,
    )  # fmt: skip
    day = earliest_day(corner.rules(), timezone.localdate())

    # Phone booking at the counter.
    counter = small_page()
    login(counter, live_server, counter_staff.username, PASSWORD)
    counter.goto(f"{live_server.url}/okuyami/new/")
    counter.get_by_label("氏名・かな・生年月日・宛名番号").fill("すずき いちろう")
    counter.get_by_role("button", name="検索").click()
    assert_accessible(counter, "okuyami-find")
    counter.get_by_role("link", name="この方で予約する").first.click()
    counter.get_by_label("予約日").fill(format_wareki(timezone.localdate() - dt.timedelta(days=1)))
    counter.get_by_label("開始時刻").fill("10:30")
    counter.get_by_label("連絡先の方の氏名").fill("鈴木　健一")
    counter.get_by_label("亡くなった方との続柄").fill("長男")
    counter.get_by_label("連絡先電話番号").fill("090-1234-5678")
    counter.get_by_label("来庁する方").fill("長男 鈴木健一、妻 鈴木花子")
    counter.get_by_label("喪主").fill("鈴木　健一")
    funeral = counter.locator("fieldset", has_text="葬儀")
    funeral.get_by_label("はい").check()
    counter.get_by_role("button", name="予約する").click()
    # Bad input: the message sits at the date, and what was typed stays.
    assert counter.locator(".field__error", has_text="過去の日時").is_visible()
    assert counter.get_by_label("来庁する方").input_value() == "長男 鈴木健一、妻 鈴木花子"
    screenshot(counter, "booking-refused")
    assert_accessible(counter, "okuyami-booking-refused")
    assert Booking.objects.count() == 0
    counter.get_by_label("予約日").fill(format_wareki(day))
    counter.get_by_role("button", name="予約する").click()
    assert "予約を受け付けました" in counter.content()
    screenshot(counter, "booking")
    assert_accessible(counter, "okuyami-booking")
    for path in (
        f"/okuyami/?day={day:%Y-%m-%d}",
        f"/okuyami/week/?start={day:%Y-%m-%d}",
        "/okuyami/followup/",
    ):
        counter.goto(f"{live_server.url}{path}")
        assert_accessible(counter, f"okuyami-{path}")
        screenshot(counter, path.split("/")[2] or "day")
    booking = Booking.objects.get()
    counter.goto(f"{live_server.url}/okuyami/bookings/{booking.pk}/")
    with counter.expect_download() as download:
        counter.get_by_role("link", name="予約確認票（PDF）").click()
    assert download.value.suggested_filename == f"okuyami-booking-{booking.pk}.pdf"

    # Two departments prepare in their own browser contexts; 保険年金課 pre-prints a form of its own.
    hoken = small_page()
    hoken_procedure = _prepare(
        hoken, live_server, hoken_staff, "保険年金課", "対象外", "資格喪失済み", screenshot
    )
    funeral_row = hoken.locator("tr[data-procedure=death_late_elderly_funeral_allowance]")
    with hoken.expect_download() as form_download:
        funeral_row.get_by_role("link", name="の様式を印刷（PDF）").click()
    form_text = pdf_text(Path(form_download.value.path()).read_bytes())
    assert "後期高齢者医療 葬祭費支給申請書" in form_text
    assert "鈴木" in form_text and "一郎" in form_text and "090-1234-5678" in form_text
    screenshot(hoken, "prepare-printed")
    zeimu_procedure = _prepare(
        small_page(), live_server, zeimu_staff, "税務課", "該当", "固定資産あり", screenshot
    )

    # Visit day: the counter sees the progress and opens the case with the findings in.
    counter.goto(f"{live_server.url}/okuyami/bookings/{booking.pk}/")
    progress = counter.locator("h2", has_text="各課の事前準備").inner_text()
    assert progress.startswith("各課の事前準備（2/")
    screenshot(counter, "booking-prepared")
    counter.get_by_role("button", name="来庁されました（受付を開始）").click()
    counter.wait_for_url("**/counter/visits/*/")
    case = Case.objects.get()
    assert case.overrides[hoken_procedure]["status"] == "not_needed"
    assert case.overrides[zeimu_procedure]["status"] == "required"
    body = counter.content()
    assert "保険年金課の事前確認" in body and "税務課の事前確認" in body
    assert "資格喪失済み" in counter.locator("textarea[name=notes]").input_value()
    screenshot(counter, "visit-day")

    # The counter finishes the interview, the resident confirms, the family takes the handbook home.
    answer_questions(counter, BEREAVEMENT_ANSWERS)
    counter.get_by_test_id("finish").click()
    code = counter.get_by_test_id("confirm-code").inner_text().strip()
    confirm_on_resident_screen(new_page, live_server, code, screenshot, "鈴木　一郎")
    counter.locator("[data-testid=case-stage]", has_text="確認済み").wait_for(timeout=15_000)
    screenshot(counter, "visit-confirmed")
    text, calendar = download_handbook(counter)
    case.refresh_from_db()
    check_handbook(text, calendar, case)
    # 税務課's 該当 was done at the counter today; 保険年金課's 対象外 is nowhere in the handbook.
    done = flat(text).split("■本日、市役所で済んだ手続")[1].split("■これからの手続")[0]
    assert "個人住民税（市県民税）の相続人代表者指定届" in done
    assert "国民健康保険世帯主（納付義務者）の変更" not in flat(text)


def test_followup_highlights_what_is_due_within_seven_days(
    small_page,
    live_server,
    screenshot,
    counter_staff,
    hoken_staff,
    bereaved_household,  # noqa: F811
):
    from madoguchi.accounts.models import Department
    from madoguchi.counter import services
    from madoguchi.counter.models import Task

    case = services.case_open(
        actor=counter_staff, events=["death"], seat="1", event_date=dt.date(2026, 11, 18)
    )
    services.case_person_add(
        case=case, role="deceased", resident=bereaved_household["deceased"], actor=counter_staff
    )
    Case.objects.filter(pk=case.pk).update(stage=Case.Stage.CONFIRMED)
    department = Department.objects.get(code="hoken-nenkin")
    soon, later = (
        Task.objects.create(case=case, procedure_id=f"p{i}", procedure_name=name, department=department)
        for i, name in enumerate(("後期高齢者医療 葬祭費の支給申請", "国民健康保険料の精算"))
    )
    today = timezone.localdate()
    services.task_act(
        task=soon, action="defer", version=1, actor=hoken_staff, follow_up_on=today + dt.timedelta(days=2)
    )
    Task.objects.filter(pk=later.pk).update(needs={"deadline": {"date": str(today + dt.timedelta(days=40))}})
    page = small_page()
    login(page, live_server, counter_staff.username, PASSWORD)
    page.goto(f"{live_server.url}/okuyami/followup/")
    assert page.locator(".due-soon", has_text="葬祭費").is_visible()
    assert page.locator("li:not(.due-soon)", has_text="国民健康保険料").is_visible()
    assert "鈴木　一郎" in page.content()
    assert_accessible(page, "okuyami-followup-rows")
    screenshot(page, "followup-rows")
