"""A question whose procedures staff already decided (override, e.g. a department's finding) is not asked."""

from __future__ import annotations

import datetime as dt

import pytest

from madoguchi.counter import services
from madoguchi.counter.state import case_state


@pytest.mark.django_db
def test_questions_deciding_only_overridden_procedures_are_skipped(counter_staff, bereaved_household):
    case = services.case_open(
        actor=counter_staff, events=["death"], seat="1", event_date=dt.date(2026, 11, 18)
    )
    services.case_person_add(
        case=case, role="deceased", resident=bereaved_household["deceased"], actor=counter_staff
    )
    first = case_state(case).questions[0]
    assert first.decides
    for procedure_id in first.decides:
        services.case_override_set(
            case=case,
            procedure_id=procedure_id,
            status="not_needed",
            reason="担当課の事前確認",
            seen=services.fingerprint(case.overrides),
            actor=counter_staff,
        )
    assert first.fact not in {q.fact for q in case_state(case).questions}
