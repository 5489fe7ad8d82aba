"""Read a confirmed visit as the family's handbook: done today, what remains where, what may apply."""

from __future__ import annotations

from django.utils import timezone

from madoguchi.counter.models import Case
from madoguchi.counter.printing import case_remaining
from madoguchi.counter.state import case_state
from madoguchi.domain.documents.handbook import Handbook
from madoguchi.domain.navigator import Status

# A handbook is for a visit the resident confirmed: before that nothing is decided.
READY_STAGES = (Case.Stage.CONFIRMED, Case.Stage.CLOSED)


def case_handbook(case: Case) -> Handbook:
    """Return the handbook of the case: outside city hall and deferred tasks remain, the rest is done."""
    state = case_state(case)
    remaining = case_remaining(case, state)
    return Handbook(
        municipality=state.pack.municipality_name,
        case_number=case.number,
        today=timezone.localdate(),
        deceased="、".join(p.name for p in state.people if p.role == "deceased"),
        done=tuple(p for p in state.required if p not in remaining.procedures),
        remaining=remaining.procedures,
        to_ask=tuple(p for p in state.procedures if p.status == Status.TO_CONFIRM),
        printed_forms=remaining.printed_forms,
        corner=state.pack.corner,
        follow_up=remaining.follow_up,
    )
