"""A department pre-prints its forms from the preparation page, through the counter's renderer."""

from __future__ import annotations

import pypdfium2
import pytest
import time_machine

from madoguchi.audit.models import AuditEntry
from madoguchi.okuyami.models import Booking
from tests.okuyami.conftest import NOW
from tests.okuyami.test_preparation_and_visit import _book


def _text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


@pytest.mark.django_db
def test_department_pre_prints_its_expected_forms_filled_from_the_register(
    login_client, counter_staff, hoken_staff, corner, bereaved_household
):
    with time_machine.travel(NOW, tick=False):
        booking = _book(login_client, counter_staff, bereaved_household["deceased"])
        # 選挙人名簿の抹消 is automatic (kind 自動, no form): the 選挙管理委員会 prepares nothing
        routed = {p["id"] for prep in booking.preparations.all() for p in prep.procedures}
        assert "death_electoral_roll" not in routed and "death_resident_record_removal" not in routed
        assert not booking.preparations.filter(department__code="senkyo").exists()
        hoken = booking.preparations.get(department__code="hoken-nenkin")
        assert "death_late_elderly_loss" in {p["id"] for p in hoken.procedures}
        department = login_client(hoken_staff)
        page = department.get(f"/okuyami/prepare/{hoken.pk}/").content.decode()
        assert f"/okuyami/prepare/{hoken.pk}/forms.pdf?procedure=death_late_elderly_loss" in page

        one = department.get(f"/okuyami/prepare/{hoken.pk}/forms.pdf?procedure=death_late_elderly_loss")
        assert one.status_code == 200 and one["Content-Type"] == "application/pdf"
        text = _text(one.content)
        assert "鈴木" in text and "一郎" in text and "後期高齢者医療" in text
        entry = AuditEntry.objects.filter(action="document.print").last()
        assert entry.subject == hoken.subject and entry.actor == hoken_staff
        assert entry.detail["kind"] == "preparation_forms"
        assert entry.detail["procedures"] == ["death_late_elderly_loss"] and entry.detail["forms"]
        assert "鈴木" not in str(entry.detail)

        # 対象外 takes the procedure out; the rest of the department's forms print together
        procedure_ids = [p["id"] for p in hoken.procedures]
        saved = department.post(
            f"/okuyami/prepare/{hoken.pk}/",
            {"version": hoken.version, "applies-death_late_elderly_loss": "no"},
        )
        assert saved.status_code == 302
        refused = department.get(f"/okuyami/prepare/{hoken.pk}/forms.pdf?procedure=death_late_elderly_loss")
        assert refused.status_code == 400 and "対象外にしたため印刷できません" in refused.content.decode()
        whole = department.get(f"/okuyami/prepare/{hoken.pk}/forms.pdf")
        assert whole.status_code == 200
        printed = AuditEntry.objects.filter(action="document.print").last().detail["procedures"]
        assert "death_late_elderly_funeral_allowance" in printed
        assert "death_late_elderly_loss" not in printed and set(printed) <= set(procedure_ids)
        assert "death_nhi_premium_settlement" not in printed  # no form to print
        assert "葬祭費" in _text(whole.content)


@pytest.mark.django_db
def test_bad_procedures_are_refused_in_japanese(
    login_client, counter_staff, hoken_staff, zeimu_staff, corner, bereaved_household
):
    with time_machine.travel(NOW, tick=False):
        booking = _book(login_client, counter_staff, bereaved_household["deceased"])
        hoken = booking.preparations.get(department__code="hoken-nenkin")
        department = login_client(hoken_staff)
        url = f"/okuyami/prepare/{hoken.pk}/forms.pdf"
        unknown = department.get(url, {"procedure": "no_such_<b>"})
        assert unknown.status_code == 400
        assert "手続パックにありません" in unknown.content.decode()
        assert "no_such_&lt;b&gt;" in unknown.content.decode()
        other = department.get(url, {"procedure": "death_resident_tax_heir"})
        assert other.status_code == 400
        assert "の手続のため、この準備からは印刷できません" in other.content.decode()
        formless = department.get(url, {"procedure": "death_nhi_premium_settlement"})
        assert formless.status_code == 400
        assert "窓口で印刷する様式がありません" in formless.content.decode()
        assert not AuditEntry.objects.filter(action="document.print").exists()
        # another department's staff cannot reach this preparation at all
        assert login_client(zeimu_staff).get(url).status_code == 404


@pytest.mark.django_db
def test_restricted_deceased_forms_are_refused(
    login_client, counter_staff, hoken_staff, corner, bereaved_household
):
    with time_machine.travel(NOW, tick=False):
        booking: Booking = _book(login_client, counter_staff, bereaved_household["deceased"])
        type(bereaved_household["wife"]).objects.filter(pk=bereaved_household["wife"].pk).update(
            restricted=True
        )
        hoken = booking.preparations.get(department__code="hoken-nenkin")
        refused = login_client(hoken_staff).get(f"/okuyami/prepare/{hoken.pk}/forms.pdf")
        assert refused.status_code == 403 and "鈴木" not in refused.content.decode()
        assert not AuditEntry.objects.filter(action="document.print").exists()
