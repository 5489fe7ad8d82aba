"""What the interview's procedure list shows of each procedure, as plain text (the markup is a template).

The list has 20–70 rows and is redrawn after every answer. Each row's wording (status, place, the
deadline's 和暦 date and days left, the CSS classes) is worked out here once, so that the loop in
``counter/_procedures.html`` is a few lookups per row; the template escapes every value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from madoguchi.counter.state import KIND_NAMES, STATUS_NAMES, CaseState
from madoguchi.domain.japanese import format_wareki
from madoguchi.domain.navigator import Deadline, ProcedureResult, Status


@dataclass(frozen=True, slots=True)
class ProcedureRow:
    """One procedure as the list shows it; the deadline fields are "" when it has no deadline."""

    id: str
    name: str
    status: str
    status_name: str
    classes: str
    place: str
    needed: bool
    has_deadline: bool
    deadline_when: str
    deadline_kind: str
    deadline_text: str
    reasons: str
    documents: str
    office: str


def procedure_row(result: ProcedureResult) -> ProcedureRow:
    """Return what the list shows of one procedure."""
    deadline = result.deadline
    return ProcedureRow(
        id=result.id,
        name=result.name,
        status=result.status,
        status_name=STATUS_NAMES[result.status],
        classes=_classes(result),
        place="庁外" if result.outside_city_hall else "市役所内",
        needed=result.status not in (Status.NOT_NEEDED, Status.DONE),
        has_deadline=deadline is not None,
        deadline_when=_when(deadline),
        deadline_kind=KIND_NAMES.get(deadline.kind, deadline.kind) if deadline is not None else "",
        deadline_text=deadline.text if deadline is not None else "",
        reasons=" / ".join(result.reasons),
        documents="、".join(result.documents),
        office=result.office if result.outside_city_hall else "",
    )


def procedure_rows(procedures: Sequence[ProcedureResult]) -> list[ProcedureRow]:
    """Return the rows of procedures in the order given (the override form's options)."""
    return [procedure_row(p) for p in procedures]


def procedure_groups(state: CaseState) -> list[tuple[str, list[ProcedureRow]]]:
    """Return the rows grouped by department, in the order of ``CaseState.grouped``."""
    return [(department, procedure_rows(results)) for department, results in state.grouped()]


def _classes(result: ProcedureResult) -> str:
    classes = f"procedure procedure--{result.status}"
    deadline = result.deadline
    if deadline is not None and (deadline.urgent or deadline.overdue):
        classes += " procedure--urgent"
    if deadline is not None and deadline.kind == "irreversible":
        classes += " procedure--irreversible"
    return classes


def _when(deadline: Deadline | None) -> str:
    """Return 「令和8年11月24日（あと3日）」 or 「…（5日超過）」, or "" without a date."""
    if deadline is None or deadline.date is None or deadline.days_left is None:
        return ""
    left = f"{abs(deadline.days_left)}日超過" if deadline.overdue else f"あと{deadline.days_left}日"
    return f"{format_wareki(deadline.date)}（{left}）"
