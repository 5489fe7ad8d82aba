"""Reads of the counter: a case for staff, the board of open cases, department worklists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q

from madoguchi.accounts.models import Department, Staff
from madoguchi.counter.models import Case, CasePerson, Task
from madoguchi.domain.japanese import typed_code
from madoguchi.registry.models import Resident
from madoguchi.registry.visibility import Disclosure, disclosure, visible_residents

# Lists never show answers or facts: leaving the JSON columns out saves parsing them per row.
_CASE_JSON = ("answers", "form_values", "overrides", "confirmed_facts", "events")


def case_get(pk: int) -> Case | None:
    """Return a case with whoever opened it, or None."""
    return Case.objects.select_related("opened_by").filter(pk=pk).first()


def case_disclosure(case: Case, viewer: Staff) -> Disclosure:
    """Return the 支援措置 residents the case involves (its people and their households), for this viewer."""
    people = CasePerson.objects.filter(case_id=case.pk, resident__isnull=False)
    return disclosure(viewer, people.values("resident_id"))


@dataclass(frozen=True)
class PlaceholderPerson:
    """A person of a case as staff not entitled to 支援措置 data may see them listed."""

    role: str
    name: str
    restricted: bool


def case_people_for_placeholder(case: Case) -> list[PlaceholderPerson]:
    """Return the case's people with whether each is under 支援措置 (the caller hides their names)."""
    rows = case.people.values_list("role", "name", "resident__restricted")
    return [PlaceholderPerson(role, name, bool(restricted)) for role, name, restricted in rows]


def person_warnings(case: Case, role: str, resident: Resident) -> list[str]:
    """Return what staff should confirm before adding this register record in this role, in Japanese.

    A living resident chosen as the deceased; another open case with the same person in the same
    role; a closed case for the same deceased. Case numbers only: the caller may see the resident.
    """
    warnings = []
    if role == CasePerson.Role.DECEASED and resident.status == Resident.Status.RESIDENT:
        warnings.append(
            "住民記録では、この方は「住民」（生存）です。亡くなった方として選んでよいか、"
            "氏名・生年月日・死亡届の受理を確認してください。"
        )
    others = (
        CasePerson.objects.filter(resident=resident, role=role)
        .exclude(case_id=case.pk)
        .exclude(case__stage=Case.Stage.CANCELLED)
        .values_list("case__number", "case__stage")
        .order_by("case__opened_at")
    )
    open_numbers = [n for n, stage in others if stage != Case.Stage.CLOSED]
    closed_numbers = [n for n, stage in others if stage == Case.Stage.CLOSED]
    if open_numbers:
        warnings.append(
            f"この方が同じ立場で入っている受付がすでにあります（受付番号 {'、'.join(open_numbers)}）。"
            "重複した受付なら、こちらを取り消すか統合してください。"
        )
    if role == CasePerson.Role.DECEASED and closed_numbers:
        warnings.append(
            f"この方が亡くなった方の受付は、すでに完了しています（受付番号 {'、'.join(closed_numbers)}）。"
            "追加の手続のための来庁か確認してください。"
        )
    return warnings


def case_by_number(number: str) -> Case | None:
    """Return the case with this 受付番号 (2026-00012 or 12 as typed, full-width accepted), or None."""
    text = typed_code(number)[:20]
    if text.isdigit() and len(text) <= 9:
        return Case.objects.filter(number__endswith=f"-{int(text):05d}").order_by("-opened_at").first()
    return Case.objects.filter(number=text).first()


def resident_for_pick(value: str, viewer: Staff) -> Resident | None:
    """Return the register record picked from a search result, if it exists and the viewer may see it."""
    if not value.isdigit() or len(value) > 18:
        return None
    return visible_residents(Resident.objects.filter(pk=int(value)), viewer).first()


@dataclass(frozen=True)
class BoardRow:
    """One open case on the counter's board."""

    case: Case
    done: int
    total: int
    working: list[Task]


def open_cases_board(limit: int = 100) -> list[BoardRow]:
    """Return open cases (neither closed nor cancelled) with progress done/total and the tasks worked on."""
    finished = Q(tasks__status__in=Task.FINISHED)
    cases = (
        Case.objects.exclude(stage__in=Case.ENDED)
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
    return [BoardRow(c, c.done, c.total, c.working) for c in cases]


def staff_department_ids(staff: Staff) -> list[int]:
    """Return the ids of the departments the member of staff belongs to."""
    return [department.pk for department in staff.department_list()]


@dataclass(frozen=True, slots=True)
class WorklistRow:
    """One line of a department worklist: only what the list shows, read without building models."""

    pk: int
    case_id: int
    case_number: str
    seat: str
    confirmed_at: dt.datetime | None
    procedure_id: str
    procedure_name: str
    deadline_date: str | None
    deadline_kind_name: str | None
    status: str
    assignee_username: str | None
    assignee_display_name: str | None

    @property
    def subject(self) -> str:
        """Return the task's audit subject."""
        return f"task:{self.pk}"

    @property
    def case_subject(self) -> str:
        """Return the case's audit subject."""
        return f"case:{self.case_id}"

    @property
    def status_name(self) -> str:
        """Return the status in Japanese."""
        return str(_STATUS_NAMES.get(self.status, self.status))

    @property
    def assignee(self) -> str:
        """Return who works on the task as the pages name staff (Staff.__str__), or ""."""
        return self.assignee_display_name or self.assignee_username or ""


_STATUS_NAMES = dict(Task.Status.choices)
_WORKLIST_COLUMNS = (
    "pk", "case_id", "case__number", "case__seat", "case__resident_confirmed_at", "procedure_id",
    "procedure_name", "deadline_date", "deadline_kind_name", "status", "assignee__username",
    "assignee__display_name",
)  # fmt: skip


def worklist(departments: Iterable[int], *, include_finished: bool = False) -> list[WorklistRow]:
    """Return the tasks of the departments, oldest case first; open and taken ones unless asked."""
    # Of the procedure snapshot (`needs`) the list shows only the deadline: read just those keys.
    tasks = Task.objects.filter(department_id__in=list(departments)).annotate(
        deadline_date=F("needs__deadline__date"), deadline_kind_name=F("needs__deadline__kind_name")
    )
    if not include_finished:
        tasks = tasks.filter(status__in=(Task.Status.OPEN, Task.Status.TAKEN))
    ordered = tasks.order_by("case__resident_confirmed_at", "case_id", "order")
    return [WorklistRow(*row) for row in ordered.values_list(*_WORKLIST_COLUMNS)]


@dataclass(frozen=True, slots=True)
class WorklistPerson:
    """The person a worklist line is about: the deceased (or the first person) of the case."""

    name: str
    atena_no: str
    household_no: str
    restricted: bool


# Whom a department's task is about, first found wins: the deceased, then whoever the event concerns.
_ROLE_PRIORITY = ("deceased", "movers", "child", "renamed", "leaver", "parents", "applicant")


def worklist_people(case_ids: Iterable[int]) -> dict[int, WorklistPerson]:
    """Return the main person of each case with their 宛名番号 and 世帯番号 (one query)."""
    rows = CasePerson.objects.filter(case_id__in=list(case_ids)).values_list(
        "case_id", "role", "order", "name", "resident__atena_no", "resident__household__household_no",
        "resident__restricted",
    )  # fmt: skip
    rank = {role: i for i, role in enumerate(_ROLE_PRIORITY)}
    best: dict[int, tuple[tuple[int, int], WorklistPerson]] = {}
    for case_id, role, order, name, atena, household, restricted in rows:
        key = (rank.get(role, len(rank)), order)
        if case_id not in best or key < best[case_id][0]:
            best[case_id] = (key, WorklistPerson(name, atena or "", household or "", bool(restricted)))
    return {case_id: person for case_id, (_, person) in best.items()}


def task_for_staff(pk: int, staff: Staff) -> Task | None:
    """Return the task if it belongs to one of the staff member's departments, else None."""
    return (
        Task.objects.select_related("case", "department", "assignee")
        .filter(pk=pk, department_id__in=staff_department_ids(staff))
        .first()
    )


def departments_of(staff: Staff) -> list[Department]:
    """Return the staff member's departments."""
    return staff.department_list()
