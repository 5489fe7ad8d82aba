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


def _status(case: Case, procedure_id: str) -> str:
    return next(p.status for p in case_state(case).procedures if p.id == procedure_id)


def test_a_handbook_number_decides_the_return_and_prints_the_handbook(
    client, counter_staff, login_client, bereaved_household
):
    login_client(counter_staff, client)
    case = open_case(client, event_date="2026-11-18")
    add_resident(client, case, bereaved_household["deceased"], "deceased")
    # Not imported: the register cannot tell, staff confirm it.
    assert _status(case, "death_disability_handbook_return") == "to_confirm"
    numbers = (
        "宛名番号,番号の種類,番号\n"
        "100001,精神障害者保健福祉手帳番号,第00077号\n"
        "100003,児童手当受給者番号,50000031\n"  # the kind is imported: the deceased received none
    )
    assert department_numbers_import(stream=io.BytesIO(numbers.encode("cp932"))).ok
    state = case_state(case)
    handbook = next(p for p in state.procedures if p.id == "death_disability_handbook_return")
    assert handbook.status == "required"
    sources = {f.name: f.source for f in state.register_facts}
    assert sources["deceased.handbooks"] == "業務システムの番号"
    assert state.facts["deceased.handbooks"] == ["精神"]
    assert sources["deceased.child_allowance_recipient"] == "業務システムの番号"
    assert state.facts["deceased.child_allowance_recipient"] is False
    add_resident(client, case, bereaved_household["wife"], "applicant", relationship="妻")
    answer_every_question_yes(case, counter_staff)
    printed = _printed(Case.objects.get(pk=case.pk))
    assert printed[("F_W01", "handbook_number")] == "第00077号"
    assert printed[("F_W01", "handbook_kind")] == "精神障害者保健福祉手帳"


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        (("身体障害者手帳番号", "療育手帳番号", "精神障害者保健福祉手帳番号"), "not_needed"),
        # One kind only: a 療育手帳 the city did not import could still be held.
        (("身体障害者手帳番号",), "to_confirm"),
    ],
)
def test_no_handbook_is_ruled_out_only_when_every_kind_is_imported(
    client, counter_staff, login_client, bereaved_household, kinds, expected
):
    login_client(counter_staff, client)
    case = open_case(client, event_date="2026-11-18")
    add_resident(client, case, bereaved_household["deceased"], "deceased")
    lines = [f"10000{2 + i % 2},{kind},第{i}号" for i, kind in enumerate(kinds)]
    numbers = "宛名番号,番号の種類,番号\n" + "\n".join(lines) + "\n"
    assert department_numbers_import(stream=io.BytesIO(numbers.encode("cp932"))).ok
    assert _status(case, "death_disability_handbook_return") == expected


def test_medical_and_service_certificates_are_decided_from_their_numbers(
    client, counter_staff, login_client, bereaved_household
):
    login_client(counter_staff, client)
    case = open_case(client, event_date="2026-11-18")
    add_resident(client, case, bereaved_household["deceased"], "deceased")
    for procedure in ("death_jiritsu_shien_return", "death_welfare_medical_return"):
        assert _status(case, procedure) == "to_confirm"
    numbers = (
        "宛名番号,番号の種類,番号\n"
        "100001,自立支援医療受給者番号,J0001\n"
        "100002,重度心身障害者医療受給者番号,W0001\n"
        "100002,ひとり親家庭等医療受給者番号,W0002\n"
        "100003,子ども医療受給者番号,W0003\n"
    )
    assert department_numbers_import(stream=io.BytesIO(numbers.encode("cp932"))).ok
    assert _status(case, "death_jiritsu_shien_return") == "required"
    # Every kind of 福祉医療 is imported and the deceased has none of them.
    assert _status(case, "death_welfare_medical_return") == "not_needed"
