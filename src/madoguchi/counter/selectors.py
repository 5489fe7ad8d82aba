"""Reads of the counter: a case for staff, the board of open cases, department worklists."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from madoguchi.accounts.models import Department, Staff
from madoguchi.counter.models import Case, Task

# Lists never show answers or facts: leaving the JSON columns out saves parsing them per row.
_CASE_JSON = ("answers", "form_values", "overrides", "confirmed_facts", "events")


def case_get(pk: int) -> Case | None:
    """Return a case with whoever opened it, or None."""
    return Case.objects.select_related("opened_by").filter(pk=pk).first()


@dataclass(frozen=True)
class BoardRow:
    """One open case on the counter's board."""

    case: Case
    done: int
    total: int
    working: list[Task]


def open_cases_board(limit: int = 100) -> list[BoardRow]:
    """Return open cases (not closed) with progress done/total and the tasks being worked on."""
    finished = Q(tasks__status__in=Task.FINISHED)
    cases = (
        Case.objects.exclude(stage=Case.Stage.CLOSED)
        .defer(*_CASE_JSON)
        .annotate(total=Count("tasks"), done=Count("tasks", filter=finished))
        .prefetch_related(
            Prefetch(
                "tasks",
                queryset=Task.objects.filter(status=Task.Status.TAKEN).select_related(
                    "assignee", "department"
                ),
                to_attr="working",
            )
        )
        .order_by("opened_at")[:limit]
    )
    return [BoardRow(c, c.done, c.total, c.working) for c in cases]  # type: ignore[attr-defined]


def staff_department_ids(staff: Staff) -> list[int]:
    """Return the ids of the departments the member of staff belongs to."""
    return list(staff.departments.values_list("pk", flat=True))


def worklist(departments: Iterable[int], *, include_finished: bool = False) -> QuerySet[Task]:
    """Return the tasks of the departments, oldest case first; open and taken ones unless asked."""
    tasks = (
        Task.objects.filter(department_id__in=list(departments))
        .select_related("case", "assignee", "department")
        .defer(*(f"case__{name}" for name in _CASE_JSON))
    )
    if not include_finished:
        tasks = tasks.filter(status__in=(Task.Status.OPEN, Task.Status.TAKEN))
    return tasks.order_by("case__resident_confirmed_at", "case_id", "order")


def task_for_staff(pk: int, staff: Staff) -> Task | None:
    """Return the task if it belongs to one of the staff member's departments, else None."""
    return (
        Task.objects.select_related("case", "department", "assignee")
        .filter(pk=pk, department_id__in=staff_department_ids(staff))
        .first()
    )


def departments_of(staff: Staff) -> list[Department]:
    """Return the staff member's departments."""
    return list(staff.departments.all())
