"""What the interview's procedure list shows of each procedure, as plain text (the markup is a template).

The list has 20–70 rows and is redrawn after every answer. Each row's wording (status, place, the
deadline's 和暦 date and days left, the CSS classes) is worked out here once, so that the loop in
``counter/_procedures.html`` is a few lookups per row; the template escapes every value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from madoguchi.counter.selectors import WorklistPerson, WorklistRow
from madoguchi.counter.state import CaseState
from madoguchi.domain.japanese import format_wareki
from madoguchi.domain.navigator import STATUS_NAMES, Deadline, ProcedureResult, Status
from madoguchi.domain.packs import DeadlineKind


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
    # Whom the family asks about a procedure still 要確認 that no question can decide.
    note: str = ""


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
        deadline_kind=deadline.kind.label if deadline is not None else "",
        deadline_text=deadline.text if deadline is not None else "",
        reasons=" / ".join(result.reasons),
        documents="、".join(result.documents),
        office=outside_place(result) if result.outside_city_hall else "",
        note=result.confirm_note if result.status == Status.TO_CONFIRM else "",
    )


def outside_place(result: ProcedureResult) -> str:
    """Return where staff send the family outside city hall: the pack's office, then the pack's note."""
    if result.place.name == result.office:
        return result.office
    return f"{result.place.name}（{result.office}）"


def procedure_rows(procedures: Sequence[ProcedureResult]) -> list[ProcedureRow]:
    """Return the rows of procedures in the order given (the override form's options)."""
    return [procedure_row(p) for p in procedures]


@dataclass(frozen=True, slots=True)
class ProcedureList:
    """The case's procedures by department: what is to do first, 不要・届出済 folded below."""

    needed: list[tuple[str, list[ProcedureRow]]]
    others: list[tuple[str, list[ProcedureRow]]]

    @property
    def others_count(self) -> int:
        return sum(len(rows) for _, rows in self.others)


def procedure_list(state: CaseState) -> ProcedureList:
    """Return the rows grouped by department, in the order of ``CaseState.grouped``."""
    needed: list[tuple[str, list[ProcedureRow]]] = []
    others: list[tuple[str, list[ProcedureRow]]] = []
    for department, results in state.grouped():
        rows = procedure_rows(results)
        if todo := [row for row in rows if row.needed]:
            needed.append((department, todo))
        if rest := [row for row in rows if not row.needed]:
            others.append((department, rest))
    return ProcedureList(needed=needed, others=others)


def _classes(result: ProcedureResult) -> str:
    classes = f"procedure procedure--{result.status}"
    deadline = result.deadline
    if deadline is not None and (deadline.urgent or deadline.overdue):
        classes += " procedure--urgent"
    if deadline is not None and deadline.kind == DeadlineKind.IRREVERSIBLE:
        classes += " procedure--irreversible"
    return classes


def _when(deadline: Deadline | None) -> str:
    """Return 「令和8年11月24日（あと3日）」 or 「…（5日超過）」, or "" without a date."""
    if deadline is None or deadline.date is None or deadline.days_left is None:
        return ""
    return f"{format_wareki(deadline.date)}（{left_text(deadline.days_left)}）"


def left_text(days_left: int) -> str:
    """Return 「あと3日」 or 「5日超過」."""
    return f"{-days_left}日超過" if days_left < 0 else f"あと{days_left}日"


@dataclass(frozen=True, slots=True)
class DeadlineShown:
    """A task's deadline (its snapshot in ``Task.needs``) as pages show it, counted from today."""

    when: str
    kind: str
    text: str
    overdue: bool
    urgent: bool


def snapshot_deadline(
    deadline: Mapping[str, str] | None, *, today: dt.date, urgent_days: int
) -> DeadlineShown | None:
    """Return the deadline in 和暦 with the days left, or None without one."""
    if not deadline:
        return None
    due = _iso(deadline.get("date"))
    left = (due - today).days if due is not None else None
    return DeadlineShown(
        when=f"{format_wareki(due)}（{left_text(left)}）" if due is not None and left is not None else "",
        kind=deadline.get("kind_name") or "",
        text=deadline.get("text") or "",
        overdue=left is not None and left < 0,
        urgent=left is not None and 0 <= left <= urgent_days,
    )


@dataclass(frozen=True, slots=True)
class WorklistLine:
    """One task of a department worklist as shown: who, which numbers, the deadline in 和暦."""

    task: WorklistRow
    person_name: str
    atena_no: str
    household_no: str
    restricted: bool
    deadline_when: str
    deadline_kind: str
    overdue: bool
    urgent: bool

    @property
    def classes(self) -> str:
        """Return the row's CSS class: overdue and urgent deadlines stand out."""
        return "row--overdue" if self.overdue else "row--urgent" if self.urgent else ""


def worklist_lines(
    tasks: Sequence[WorklistRow],
    people: Mapping[int, WorklistPerson],
    *,
    today: dt.date,
    urgent_days: int,
    sees_restricted: bool,
    placeholder: str,
) -> list[WorklistLine]:
    """Return the worklist's lines, soonest deadline first, then the resident waiting longest.

    A 支援措置 person's name and numbers are replaced by the placeholder for staff not entitled.
    """
    lines = [_line(t, people.get(t.case_id), today, urgent_days, sees_restricted, placeholder) for t in tasks]
    far = dt.date.max

    def key(line: WorklistLine) -> tuple[dt.date, dt.datetime, int]:
        task = line.task
        due = _iso(task.deadline_date) or far
        waited = task.confirmed_at or dt.datetime.max.replace(tzinfo=dt.UTC)
        return (due, waited, task.pk)

    return sorted(lines, key=key)


def _iso(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _line(
    task: WorklistRow,
    person: WorklistPerson | None,
    today: dt.date,
    urgent_days: int,
    sees_restricted: bool,
    placeholder: str,
) -> WorklistLine:
    snapshot = {"date": task.deadline_date or "", "kind_name": task.deadline_kind_name or ""}
    deadline = (
        snapshot_deadline(snapshot, today=today, urgent_days=urgent_days) if task.deadline_date else None
    )
    hidden = person is not None and person.restricted and not sees_restricted
    return WorklistLine(
        task=task,
        person_name=placeholder if hidden else (person.name if person else ""),
        atena_no="" if hidden or person is None else person.atena_no,
        household_no="" if hidden or person is None else person.household_no,
        restricted=person is not None and person.restricted,
        deadline_when=deadline.when if deadline else "",
        deadline_kind=task.deadline_kind_name or "",
        overdue=deadline is not None and deadline.overdue,
        urgent=deadline is not None and deadline.urgent,
    )
