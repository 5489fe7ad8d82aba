"""Departments prepare before the visit; on the day the case opens with their findings in."""

from __future__ import annotations

import pytest
import time_machine

from madoguchi.counter.models import Case
from madoguchi.counter.state import case_state
from madoguchi.okuyami.models import Booking, Preparation
from tests.okuyami.conftest import NOW
from tests.okuyami.test_booking_views import FORM


def _book(login_client, counter_staff, deceased) -> Booking:
    client = login_client(counter_staff)
    response = client.post("/okuyami/new/book/", {**FORM, "deceased": deceased.pk})
    assert response.status_code == 302, response.content.decode()
    return Booking.objects.get()


@pytest.mark.django_db
def test_department_prepares_and_the_visit_day_case_has_the_findings(
    login_client, counter_staff, hoken_staff, zeimu_staff, corner, bereaved_household
):
    with time_machine.travel(NOW, tick=False):
        booking = _book(login_client, counter_staff, bereaved_household["deceased"])
        hoken = booking.preparations.get(department__code="hoken-nenkin")
        procedure = hoken.procedures[0]
        department = login_client(hoken_staff)
        # another department's staff cannot open it
        assert login_client(zeimu_staff).get(f"/okuyami/prepare/{hoken.pk}/").status_code == 404
        listed = department.get("/okuyami/prepare/").content.decode()
        assert "2026-11-25" in listed and "鈴木　一郎" in listed
        bad = department.post(
            f"/okuyami/prepare/{hoken.pk}/",
            {
                "version": hoken.version,
                f"applies-{procedure['id']}": "yes",
                f"amount-{procedure['id']}": "五万円",
            },
        )
        assert bad.status_code == 400 and "数字で入力してください" in bad.content.decode()
        hoken.refresh_from_db()
        assert hoken.findings == {} and hoken.status == Preparation.Status.OPEN
        saved = department.post(
            f"/okuyami/prepare/{hoken.pk}/",
            {
                "version": hoken.version,
                "done": "1",
                f"applies-{procedure['id']}": "no",
                f"note-{procedure['id']}": "資格喪失済み",
                "notes": "保険証は回収済み",
            },
        )
        assert saved.status_code == 302
        hoken.refresh_from_db()
        assert hoken.status == Preparation.Status.DONE and hoken.prepared_at is not None
        stale = department.post(f"/okuyami/prepare/{hoken.pk}/", {"version": 1, "done": "1"})
        assert "先に他の職員が保存" in stale.content.decode()
        garbage = department.post(f"/okuyami/prepare/{hoken.pk}/", {"version": "１x", "done": "1"})
        assert garbage.status_code == 400 and "先に他の職員が保存" in garbage.content.decode()

        counter = login_client(counter_staff)
        page = counter.get(f"/okuyami/bookings/{booking.pk}/").content.decode()
        assert "1/" in page and "準備済み" in page
        arrived = counter.post(f"/okuyami/bookings/{booking.pk}/arrive/")
        assert arrived.status_code == 302
        case = Case.objects.get()
        assert arrived["Location"] == f"/counter/visits/{case.pk}/"
        assert counter.post(f"/okuyami/bookings/{booking.pk}/arrive/")["Location"] == arrived["Location"]

    state = case_state(case)
    assert {p.role for p in state.people} == {"deceased", "applicant"}
    assert case.answers == {"answers.funeral_held": True}
    assert case.overrides[procedure["id"]]["status"] == "not_needed"
    assert "保険証は回収済み" in case.notes and "資格喪失済み" in case.notes and "喪主" in case.notes
    assert "answers.funeral_held" not in {q.fact for q in state.questions}
    booking.refresh_from_db()
    assert booking.status == Booking.Status.ARRIVED and booking.arrived_at is not None
    with time_machine.travel(NOW, tick=False):
        counter.post(f"/okuyami/bookings/{booking.pk}/leave/")
    booking.refresh_from_db()
    assert booking.left_at is not None


@pytest.mark.django_db
def test_preparation_of_a_restricted_deceased_is_a_placeholder_for_department_staff(
    login_client, counter_staff, hoken_staff, corner, bereaved_household
):
    with time_machine.travel(NOW, tick=False):
        booking = _book(login_client, counter_staff, bereaved_household["deceased"])
        # the wife (same household) comes under 支援措置 after the booking
        type(bereaved_household["wife"]).objects.filter(pk=bereaved_household["wife"].pk).update(
            restricted=True
        )
        hoken = booking.preparations.get(department__code="hoken-nenkin")
        department = login_client(hoken_staff)
        listed = department.get("/okuyami/prepare/").content.decode()
        assert "鈴木" not in listed and "支援措置の対象者（閲覧権限なし）" in listed
        page = department.get(f"/okuyami/prepare/{hoken.pk}/")
        assert page.status_code == 403 and "鈴木" not in page.content.decode()
        refused = department.post(f"/okuyami/prepare/{hoken.pk}/", {"version": hoken.version, "done": "1"})
        assert refused.status_code == 403
        hoken.refresh_from_db()
        assert hoken.status == Preparation.Status.OPEN
