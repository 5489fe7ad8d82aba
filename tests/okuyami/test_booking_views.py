"""The phone booking through the pages: find the deceased, book, refusals at the field, day and week views."""

from __future__ import annotations

import re

import pypdfium2
import pytest
import time_machine

from madoguchi.audit.models import AuditEntry
from madoguchi.okuyami.models import Booking
from tests.okuyami.conftest import NOW

FORM = {
    "day": "令和8年11月25日",
    "start": "10:30",
    "death_date": "R8.11.18",
    "contact_name": "鈴木　健一",
    "contact_relationship": "長男",
    "contact_phone": "090-1234-5678",
    "attendees": "長男 鈴木健一、妻 鈴木花子",
    "mourner": "鈴木　健一",
    "heirs": "妻・長男",
    "q0": "yes",
}


@pytest.fixture
def staff_client(login_client, counter_staff):
    with time_machine.travel(NOW, tick=False):
        yield login_client(counter_staff)


def _post(client, deceased, **changes):
    return client.post("/okuyami/new/book/", {**FORM, "deceased": deceased.pk, **changes})


@pytest.mark.django_db
def test_search_is_audited_and_offers_the_deceased(staff_client, corner, bereaved_household):
    response = staff_client.post("/okuyami/new/search/", {"q": "スズキ イチロウ"})
    assert response.status_code == 200
    assert f"?deceased={bereaved_household['deceased'].pk}" in response.content.decode()
    entry = AuditEntry.objects.filter(action="resident.search").last()
    assert entry.detail["channel"] == "okuyami"
    empty = staff_client.post("/okuyami/new/search/", {"q": ""})
    assert empty.status_code == 400 and "氏名・かな" in empty.content.decode()


@pytest.mark.django_db
def test_phone_booking_then_day_week_and_sheet(staff_client, corner, bereaved_household):
    deceased = bereaved_household["deceased"]
    page = staff_client.get(f"/okuyami/new/?deceased={deceased.pk}&day=2026-11-25&start=10:30")
    assert page.status_code == 200 and "鈴木　一郎" in page.content.decode()
    response = _post(staff_client, deceased)
    assert response.status_code == 302, response.content.decode()
    booking = Booking.objects.get()
    assert booking.answers == {"answers.funeral_held": True}
    assert (booking.seat, booking.attendees) == (1, FORM["attendees"])
    day = staff_client.get("/okuyami/?day=2026-11-25").content.decode()
    assert "鈴木　一郎" in day and "空き（予約を受ける）" in day
    inside_lead_time = staff_client.get("/okuyami/?day=2026-11-24").content.decode()
    assert "空き（予約を受ける）" not in inside_lead_time and "予約できない枠" in inside_lead_time
    week = staff_client.get("/okuyami/week/?start=2026-11-25").content.decode()
    assert "空き 1/2" in week and "祝日（勤労感謝の日）" in week
    detail = staff_client.get(f"/okuyami/bookings/{booking.pk}/").content.decode()
    assert "各課の事前準備" in detail
    sheet = staff_client.get(f"/okuyami/bookings/{booking.pk}/sheet.pdf")
    text = "\n".join(p.get_textpage().get_text_range() for p in pypdfium2.PdfDocument(sheet.content))
    assert "令和8年11月25日（水）" in text and "10:30〜12:00" in text
    assert "本庁舎1階 市民課となり" in text and "長男 鈴木健一" in text
    # what to bring: merged under plain names (once each), never an application form
    assert text.count("本人確認書類") == 1 and "□ 委任状" in text
    assert not re.search(r"□ \S*(届|申請書|請求書)\r?$", text, re.M)
    assert AuditEntry.objects.filter(action="booking.print", subject=booking.subject).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"day": "令和8年11月19日"}, "過去の日時は予約できません"),
        ({"day": "令和8年11月23日"}, "祝日（勤労感謝の日）"),
        ({"day": "令和8年12月30日"}, "年末年始"),
        ({"day": "令和8年11月24日"}, "2開庁日前"),
        ({"day": "令和8年11月31日"}, "存在しない"),
        ({"start": "10時15分"}, "予約できる開始時刻は"),
        ({"contact_phone": ""}, "必須"),
    ],
)
def test_bad_input_gets_a_japanese_message_at_the_field_and_changes_nothing(
    staff_client, corner, bereaved_household, changes, message
):
    response = _post(staff_client, bereaved_household["deceased"], **changes)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert re.search(r'class="field__error"[^>]*>[^<]*' + re.escape(message.split("（")[0][:4]), html)
    assert FORM["attendees"] in html and "鈴木　健一" in html  # what was typed stays
    assert Booking.objects.count() == 0


@pytest.mark.django_db
def test_over_capacity_is_refused_at_the_time_field(staff_client, corner, bereaved_household):
    deceased = bereaved_household["deceased"]
    assert _post(staff_client, deceased).status_code == 302
    assert _post(staff_client, deceased).status_code == 302
    response = _post(staff_client, deceased)
    assert response.status_code == 400 and "満席" in response.content.decode()
    assert Booking.objects.count() == 2


@pytest.mark.django_db
def test_reschedule_and_cancel_through_the_page(staff_client, corner, bereaved_household):
    _post(staff_client, bereaved_household["deceased"])
    booking = Booking.objects.get()
    refused = staff_client.post(
        f"/okuyami/bookings/{booking.pk}/reschedule/", {"day": "2026-11-28", "start": "9:00"}
    )
    assert refused.status_code == 400 and "開設日ではありません" in refused.content.decode()
    moved = staff_client.post(
        f"/okuyami/bookings/{booking.pk}/reschedule/", {"day": "2026-11-26", "start": "9:00"}
    )
    assert moved.status_code == 302
    booking.refresh_from_db()
    assert str(booking.day) == "2026-11-26"
    no_reason = staff_client.post(f"/okuyami/bookings/{booking.pk}/cancel/", {"reason": ""})
    assert no_reason.status_code == 400
    staff_client.post(f"/okuyami/bookings/{booking.pk}/cancel/", {"reason": "家族の都合"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


@pytest.mark.django_db
def test_restricted_deceased_is_hidden_from_staff_not_entitled(staff_client, corner, bereaved_household):
    deceased = bereaved_household["deceased"]
    _post(staff_client, deceased)
    booking = Booking.objects.get()
    type(deceased).objects.filter(pk=deceased.pk).update(restricted=True)
    assert staff_client.get(f"/okuyami/new/?deceased={deceased.pk}").status_code == 404
    day = staff_client.get("/okuyami/?day=2026-11-25").content.decode()
    assert "鈴木　一郎" not in day and "支援措置の対象者" in day
    for url in (f"/okuyami/bookings/{booking.pk}/", f"/okuyami/bookings/{booking.pk}/sheet.pdf"):
        response = staff_client.get(url)
        assert response.status_code == 403 and "鈴木" not in response.content.decode(errors="ignore")


@pytest.mark.django_db
def test_entitled_staff_see_a_restricted_booking_and_the_audit_says_so(
    login_client, counter_staff, corner, bereaved_household
):
    from madoguchi.accounts.services import staff_restricted_access_set
    from tests.conftest import _make

    entitled = _make("entitled", None, "shimin")
    entitled.groups.set(counter_staff.groups.all())
    staff_restricted_access_set(staff=entitled, granted=True)
    deceased = bereaved_household["deceased"]
    with time_machine.travel(NOW, tick=False):
        _post(login_client(counter_staff), deceased)
        booking = Booking.objects.get()
        type(deceased).objects.filter(pk=deceased.pk).update(restricted=True)
        client = login_client(entitled)
        assert "鈴木　一郎" in client.get(f"/okuyami/bookings/{booking.pk}/").content.decode()
        assert client.get(f"/okuyami/bookings/{booking.pk}/sheet.pdf").status_code == 200
    for action in ("booking.view", "booking.print"):
        entry = AuditEntry.objects.filter(action=action).last()
        assert entry.detail.get("restricted_shown") == [deceased.subject], (action, entry.detail)
