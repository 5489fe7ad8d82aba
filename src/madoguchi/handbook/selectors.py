"""Read a confirmed visit as the family's handbook: done today, what remains where, what may apply."""

from __future__ import annotations

from django.utils import timezone

from madoguchi.counter.models import Case, Task
from madoguchi.counter.packs import current_layouts
from madoguchi.counter.state import case_state
from madoguchi.domain.documents.handbook import Handbook
from madoguchi.domain.navigator import Status

# A handbook is for a visit the resident confirmed: before that nothing is decided.
READY_STAGES = (Case.Stage.CONFIRMED, Case.Stage.CLOSED)


def case_handbook(case: Case) -> Handbook:
    """Return the handbook of the case: outside city hall and deferred tasks remain, the rest is done."""
    state = case_state(case)
    deferred = dict(
        case.tasks.filter(status=Task.Status.DEFERRED).values_list("procedure_id", "follow_up_on")
    )
    remaining = tuple(p for p in state.required if p.outside_city_hall or p.id in deferred)
    layouts = current_layouts()
    printed = {layouts[f].name for p in state.required for f in p.form_ids if f in layouts}
    return Handbook(
        municipality=state.pack.municipality_name,
        case_number=case.number,
        today=timezone.localdate(),
        deceased="、".join(p.name for p in state.people if p.role == "deceased"),
        done=tuple(p for p in state.required if p not in remaining),
        remaining=remaining,
        to_ask=tuple(p for p in state.procedures if p.status == Status.TO_CONFIRM),
        printed_forms=tuple(sorted(printed)),
        corner=state.pack.corner,
        follow_up={pid: on for pid, on in deferred.items() if on is not None},
    )
