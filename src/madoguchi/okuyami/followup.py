"""Follow-up of bereavement cases: what still remains in city hall, by when, due soon first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from madoguchi.accounts.models import Staff
from madoguchi.counter.models import Case, CasePerson, Task
from madoguchi.counter.selectors import case_disclosure
from madoguchi.registry.visibility import PLACEHOLDER

SOON_DAYS = 7
REMAINING = (Task.Status.OPEN, Task.Status.TAKEN, Task.Status.DEFERRED)


@dataclass(frozen=True)
class FollowUpItem:
    """A task still remaining: its date to act by (後日対応日, else the deadline) and how close it is."""

    task: Task
    due: dt.date | None
    soon: bool
    overdue: bool


@dataclass(frozen=True)
class FollowUp:
    """An open bereavement case and what remains of it."""

    case: Case
    deceased: str
    items: list[FollowUpItem]

    @property
    def soon(self) -> bool:
        return any(item.soon or item.overdue for item in self.items)

    @property
    def first_due(self) -> dt.date:
        return min((item.due for item in self.items if item.due), default=dt.date.max)


def _due(task: Task) -> dt.date | None:
    if task.follow_up_on is not None:
        return task.follow_up_on
    deadline = (task.needs or {}).get("deadline") or {}
    return dt.date.fromisoformat(deadline["date"]) if deadline.get("date") else None


def open_bereavement_cases(viewer: Staff, today: dt.date) -> list[FollowUp]:
    """Return the confirmed death cases with tasks remaining, those due within 7 days first."""
    tasks = (
        Task.objects.filter(case__stage=Case.Stage.CONFIRMED, status__in=REMAINING)
        .select_related("case", "department")
        .order_by("case_id", "order")
    )
    by_case: dict[int, list[FollowUpItem]] = {}
    cases: dict[int, Case] = {}
    for task in tasks:
        if "death" not in task.case.events:
            continue
        due = _due(task)
        left = None if due is None else (due - today).days
        item = FollowUpItem(
            task, due, left is not None and 0 <= left <= SOON_DAYS, left is not None and left < 0
        )
        by_case.setdefault(task.case_id, []).append(item)
        cases[task.case_id] = task.case
    names = dict(
        CasePerson.objects.filter(case_id__in=cases, role=CasePerson.Role.DECEASED).values_list(
            "case_id", "name"
        )
    )
    rows = [
        FollowUp(
            case, names.get(pk, "—") if case_disclosure(case, viewer).allowed else PLACEHOLDER, by_case[pk]
        )
        for pk, case in cases.items()
    ]
    return sorted(rows, key=lambda row: (not row.soon, row.first_due))
