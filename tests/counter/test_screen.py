"""The resident screen: one-time code, expiry, rate limit, only this visit, blank once the visit moves on."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from madoguchi.audit.models import AuditEntry
from madoguchi.counter import services
from madoguchi.counter.models import Case

pytestmark = pytest.mark.django_db


def _waiting_case(staff, resident, seat="1番") -> tuple[Case, str]:
    case = services.case_open(actor=staff, events=["death"], seat=seat, event_date=None)
    services.case_person_add(case=case, role="deceased", resident=resident, actor=staff)
    return case, services.case_finish_interview(case=case, actor=staff)


def _open(code: str) -> Client:
    screen = Client()
    screen.post("/counter/screen/", {"code": code})
    return screen


def test_the_code_opens_only_its_own_visit(counter_staff, bereaved_household, moving_household):
    first, code = _waiting_case(counter_staff, bereaved_household["deceased"])
    _waiting_case(counter_staff, moving_household["father"])
    page = _open(code).get("/counter/screen/view/").content.decode()
    assert "鈴木　一郎" in page and first.number in page
    assert "山田" not in page


def test_a_code_works_once(counter_staff, bereaved_household):
    _, code = _waiting_case(counter_staff, bereaved_household["deceased"])
    _open(code)
    second = Client().post("/counter/screen/", {"code": code})
    assert "確認番号が違うか、有効期限が切れています" in second.content.decode()


def test_an_expired_code_is_refused(counter_staff, bereaved_household):
    case, code = _waiting_case(counter_staff, bereaved_household["deceased"])
    Case.objects.filter(pk=case.pk).update(confirm_code_expires=timezone.now() - dt.timedelta(seconds=1))
    response = Client().post("/counter/screen/", {"code": code})
    assert "有効期限が切れています" in response.content.decode()


def test_wrong_codes_are_rate_limited_per_address(counter_staff, bereaved_household):
    _, code = _waiting_case(counter_staff, bereaved_household["deceased"])
    guesser = Client()
    for guess in range(services.SCREEN_MAX_FAILURES):
        guesser.post("/counter/screen/", {"code": f"{guess:06d}" if f"{guess:06d}" != code else "999999x"})
    response = guesser.post("/counter/screen/", {"code": code})
    assert response.status_code == 429
    assert "しばらく受け付けません" in response.content.decode()
    assert AuditEntry.objects.filter(action="screen.code_refused").count() == services.SCREEN_MAX_FAILURES


def test_the_screen_goes_blank_when_staff_reopen_the_interview(counter_staff, bereaved_household):
    case, code = _waiting_case(counter_staff, bereaved_household["deceased"])
    screen = _open(code)
    assert screen.get("/counter/screen/poll/").get("HX-Refresh") is None
    services.case_reopen(case=case, actor=counter_staff)
    assert screen.get("/counter/screen/poll/")["HX-Refresh"] == "true"
    page = screen.get("/counter/screen/view/").content.decode()
    assert "鈴木" not in page and "表示を終了しました" in page


def test_the_resident_asks_for_a_correction(counter_staff, bereaved_household):
    case, code = _waiting_case(counter_staff, bereaved_household["deceased"])
    _open(code).post("/counter/screen/correct/")
    case.refresh_from_db()
    assert case.stage == Case.Stage.INTERVIEW and case.correction_requested


def test_without_a_code_nothing_is_shown(counter_staff, bereaved_household):
    _waiting_case(counter_staff, bereaved_household["deceased"])
    page = Client().get("/counter/screen/view/").content.decode()
    assert "鈴木" not in page
    assert Client().post("/counter/screen/confirm/").status_code == 200
    assert not Case.objects.filter(stage=Case.Stage.CONFIRMED).exists()


def test_the_screen_is_under_the_content_security_policy(counter_staff, bereaved_household):
    _, code = _waiting_case(counter_staff, bereaved_household["deceased"])
    response = _open(code).get("/counter/screen/view/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<script>" not in response.content.decode()
