"""The departments' numbers printed on their forms: 被保険者番号・印鑑登録番号・納税義務者番号 of a death."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone

from madoguchi.counter import services
from madoguchi.counter.models import Case
from madoguchi.counter.printing import case_filled_forms, case_print
from madoguchi.counter.state import case_state
from madoguchi.registry.services import department_numbers_import
from tests.counter.helpers import add_resident, answer_every_question_yes, open_case, pdf_text

# 鈴木 一郎 (100001, died 2026-11-18): 後期高齢・介護保険・印鑑登録 in the register.
NUMBERS = (
    "宛名番号,番号の種類,番号,付記\n"
    "100001,後期高齢者医療被保険者番号,30000012,\n"
    "100001,介護保険被保険者番号,9000000012,\n"
    "100001,印鑑登録番号,000123,\n"
    "100001,納税義務者番号,7000000012,\n"
)


@pytest.fixture
def answered_death(client, counter_staff, login_client, bereaved_household):
    login_client(counter_staff, client)
    case = open_case(client, event_date="2026-11-18")
    add_resident(client, case, bereaved_household["deceased"], "deceased")
    add_resident(client, case, bereaved_household["wife"], "applicant", relationship="妻")
    answer_every_question_yes(case, counter_staff)
    return Case.objects.get(pk=case.pk)


def _printed(case: Case) -> dict[tuple[str, str], str]:
    forms = case_filled_forms(case, case_state(case), timezone.localdate())
    return {(f.layout.form_id, x.field.id): x.text for f in forms for x in f.fields if x.status == "filled"}


def test_without_the_import_the_numbers_stay_blank_for_the_department(answered_death):
    printed = _printed(answered_death)
    assert ("F_L01", "insured_number") not in printed
    assert ("F_M03", "registration_number") not in printed


def test_imported_numbers_are_printed_on_each_departments_form(answered_death, counter_staff):
    report = department_numbers_import(stream=io.BytesIO(NUMBERS.encode("cp932")))
    assert report.ok, report.lines()
    printed = _printed(answered_death)
    # 後期高齢者医療 (資格喪失・葬祭費・相続人代表者), 介護保険, 印鑑登録, 住民税・固定資産税.
    expected = {
        ("F_H03", "insured_number"): "30000012",
        ("F_H04", "insured_number"): "30000012",
        ("F_H05", "insured_number"): "30000012",
        ("F_L01", "insured_number"): "9000000012",
        ("F_M03", "registration_number"): "000123",
        ("F_T02", "taxpayer_number"): "7000000012",
    }
    assert {key: printed.get(key) for key in expected} == expected
    # And on the PDF itself, read back.
    services.case_finish_interview(case=answered_death, actor=counter_staff)
    services.case_resident_confirm(case=Case.objects.get(pk=answered_death.pk))
    _, pdf = case_print(case=Case.objects.get(pk=answered_death.pk), actor=counter_staff)
    text = pdf_text(pdf)
    for number in set(expected.values()):
        assert number in text.replace(" ", ""), number
