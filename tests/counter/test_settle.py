"""Staff settle what is left 要確認 after the questions in one grouped step, with one reason."""

from __future__ import annotations

import pytest

from madoguchi.counter import services
from madoguchi.counter.state import case_state, settle_groups
from madoguchi.domain.navigator import Status
from tests.counter.helpers import add_resident, answer_all, open_case


@pytest.fixture
def questions_done(client, counter_staff, login_client, bereaved_household):
    login_client(counter_staff, client)
    case = open_case(client, event_date="2026-11-18")
    add_resident(client, case, bereaved_household["deceased"], "deceased")
    add_resident(client, case, bereaved_household["wife"], "applicant", relationship="妻")
    answer_all(client, case, {"answers.marriage_years": "40", "deceased.pension.type1_paid_months": "0"})
    case.refresh_from_db()
    return case


def post(client, case, data):
    seen = services.fingerprint(case.overrides)
    return client.post(f"/counter/visits/{case.pk}/settle/", {"seen": seen, **data}, HTTP_HX_REQUEST="true")


def left_ids(case) -> list[str]:
    return [p.id for _, rows in settle_groups(case_state(case)) for p in rows]


def test_the_chosen_procedures_become_not_needed_with_the_reason_and_nothing_is_left(client, questions_done):
    case = questions_done
    left = left_ids(case)
    assert left, "a death of this household leaves 庁内 procedures no question decides"
    page = client.get(f"/counter/visits/{case.pk}/").content.decode()
    assert 'data-testid="settle"' in page
    response = post(
        client,
        case,
        {"procedure": left, "status": "not_needed", "reason": "庁内の業務システムで該当なしを確認"},
    )
    assert response.status_code == 200
    case.refresh_from_db()
    state = case_state(case)
    assert not [p for p in state.procedures if p.status == Status.TO_CONFIRM]
    settled = next(p for p in state.procedures if p.id == left[0])
    assert settled.status == Status.NOT_NEEDED
    assert settled.reasons[-1] == "職員の判断: 庁内の業務システムで該当なしを確認"
    assert settle_groups(state) == []


def test_procedures_left_unchosen_keep_whom_to_ask(client, questions_done):
    case = questions_done
    first, *rest = left_ids(case)
    post(client, case, {"procedure": rest, "status": "not_needed", "reason": "担当課に確認し該当なし"})
    case.refresh_from_db()
    kept = next(p for p in case_state(case).procedures if p.id == first)
    assert kept.status == Status.TO_CONFIRM
    assert kept.confirm_note.startswith("窓口でご確認ください（")


def test_a_blank_reason_keeps_everything_and_says_so_beside_the_field(client, questions_done):
    case = questions_done
    response = post(client, case, {"procedure": left_ids(case), "status": "not_needed", "reason": " "})
    assert "まとめて判定する理由を入力してください" in response.content.decode()
    case.refresh_from_db()
    assert case.overrides == {}


def test_a_procedure_that_is_not_left_to_confirm_cannot_be_settled(client, questions_done):
    case = questions_done
    needed = next(p.id for p in case_state(case).procedures if p.status == Status.REQUIRED)
    response = post(client, case, {"procedure": [needed], "status": "not_needed", "reason": "誤操作"})
    assert "判定する手続を選んでください" in response.content.decode()
    case.refresh_from_db()
    assert case.overrides == {}
