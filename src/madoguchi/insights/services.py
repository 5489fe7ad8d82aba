"""Writes of the measurement side: walk-through surveys, the 3Q answer, the derived case figures."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.db.models.fields.json import KT
from django.utils import timezone

from madoguchi.audit.services import audit_record
from madoguchi.counter.models import PrintRecord, Task
from madoguchi.counter.packs import current_layouts
from madoguchi.insights.measures import (
    CaseTimes,
    Category,
    TaskFacts,
    avoided_writes,
    field_sources,
    parse_deadline,
    stage_seconds,
)
from madoguchi.insights.models import CaseFigure, ResidentSurvey, WalkStop, WalkSurvey
from madoguchi.insights.selectors import EXCLUDED_STAGES, WRITE_FIELDS, measured_cases

if TYPE_CHECKING:
    from madoguchi.accounts.models import Staff

REFRESH_BATCH = 2000


class InsightsError(ValueError):
    """A request the measurement side refuses, with a message for staff."""


def walk_survey_create(
    *, event: str, title: str, surveyed_on: dt.date, actor: Staff, client_address: str = ""
) -> WalkSurvey:
    """Start recording a walk-through survey of a life event."""
    with transaction.atomic():
        survey = WalkSurvey.objects.create(event=event, title=title, surveyed_on=surveyed_on, surveyor=actor)
        audit_record(
            action="walk.create",
            actor=actor,
            subject=survey.subject,
            client_address=client_address,
            detail={"event": event},
        )
    return survey


def walk_survey_clock(
    *, survey: WalkSurvey, action: str, actor: Staff, client_address: str = ""
) -> WalkSurvey:
    """Start or finish the survey's clock (the walk's total minutes)."""
    if action not in ("start", "finish"):
        raise InsightsError("操作が正しくありません")
    now = timezone.now()
    with transaction.atomic():
        locked = WalkSurvey.objects.select_for_update().get(pk=survey.pk)
        if action == "start" and locked.started_at is None:
            locked.started_at = now
        elif action == "finish":
            if locked.started_at is None:
                raise InsightsError("調査を開始していません")
            locked.finished_at = now
        locked.save(update_fields=["started_at", "finished_at"])
        audit_record(
            action=f"walk.{action}", actor=actor, subject=survey.subject, client_address=client_address
        )
    return locked


def walk_stop_add(
    *,
    survey: WalkSurvey,
    place: str,
    department: str,
    wait_seconds: int,
    handling_seconds: int,
    forms: int,
    form_names: str,
    writes: dict[Category, int],
    actor: Staff,
    client_address: str = "",
) -> WalkStop:
    """Add the next counter visited on the walk, with its times, forms and writes by hand."""
    with transaction.atomic():
        WalkSurvey.objects.select_for_update().filter(pk=survey.pk).first()
        order = (survey.stops.aggregate(n=Max("order"))["n"] or 0) + 1
        stop = WalkStop.objects.create(
            survey=survey,
            order=order,
            place=place,
            department=department,
            wait_seconds=wait_seconds,
            handling_seconds=handling_seconds,
            forms=forms,
            form_names=form_names,
            **{WRITE_FIELDS[category]: count for category, count in writes.items()},
        )
        audit_record(
            action="walk.stop_add",
            actor=actor,
            subject=survey.subject,
            client_address=client_address,
            detail={"order": order},
        )
    return stop


def walk_stop_remove(*, stop: WalkStop, actor: Staff, client_address: str = "") -> None:
    """Remove a stop recorded by mistake."""
    with transaction.atomic():
        subject, order = stop.survey.subject, stop.order
        stop.delete()
        audit_record(
            action="walk.stop_remove",
            actor=actor,
            subject=subject,
            client_address=client_address,
            detail={"order": order},
        )


def resident_survey_record(
    *, event: str, satisfaction: int | None, writing: str, waiting: str, comment: str
) -> ResidentSurvey:
    """Keep one anonymous 3Q answer with today's local date.

    Deliberately not audited: an audit entry carries the time and the client address, which would
    link the answer back to the visit it followed.
    """
    return ResidentSurvey.objects.create(
        event=event,
        answered_on=timezone.localdate(),
        satisfaction=satisfaction,
        writing=writing,
        waiting=waiting,
        comment=comment.strip(),
    )


def export_record(*, kind: str, detail: dict[str, Any], actor: Staff, client_address: str = "") -> None:
    """Audit an export of figures (CSV or the monthly report)."""
    audit_record(
        action="insights.export", actor=actor, client_address=client_address, detail={"kind": kind, **detail}
    )


def case_figure_record(*, case_id: int) -> None:
    """Derive and store the figures of one case as it closes (the counter calls this once).

    Derived numbers only (no personal data, recomputable from the counter's records): not audited.
    """
    CaseFigure.objects.bulk_create(case_figures([case_id], current_layouts()), ignore_conflicts=True)


def figures_refresh(*, batch: int = REFRESH_BATCH) -> int:
    """Derive the figures of every closed case that has none yet; return how many were added.

    Catch-up for cases closed before this version (or outside the counter's close): run by
    `madoguchi housekeeping` and once a minute by `madoguchi serve`, never on a page view.
    """
    if CaseFigure.objects.count() == measured_cases().count():
        return 0  # nothing new: two counts
    CaseFigure.objects.filter(case__stage__in=EXCLUDED_STAGES).delete()
    pending = list(measured_cases().filter(figure__isnull=True).values_list("pk", flat=True))
    layouts = current_layouts()
    for start in range(0, len(pending), batch):
        CaseFigure.objects.bulk_create(
            case_figures(pending[start : start + batch], layouts), ignore_conflicts=True
        )
    return len(pending)


def case_figures(case_ids: Sequence[int], layouts: Any) -> list[CaseFigure]:
    """Return the (unsaved) figures of these closed cases, computed from their tasks and prints."""
    tasks: dict[int, list[TaskFacts]] = defaultdict(list)
    for case_id, department_id, status, finished_at, deadline in Task.objects.filter(
        case_id__in=case_ids
    ).values_list("case_id", "department_id", "status", "finished_at", KT("needs__deadline__date")):
        finished_on = timezone.localdate(finished_at) if finished_at else None
        done = status == Task.Status.DONE
        tasks[case_id].append(TaskFacts(department_id, done, finished_on, parse_deadline(deadline)))
    reports: dict[int, dict[str, Any]] = {}
    for case_id, report in (
        PrintRecord.objects.filter(case_id__in=case_ids)
        .order_by("case_id", "version")
        .values_list("case_id", "report")
    ):
        reports[case_id] = report  # the latest print wins
    rows = (
        measured_cases()
        .filter(pk__in=case_ids)
        .values_list(
            "pk",
            "events",
            "opened_at",
            "interview_finished_at",
            "resident_confirmed_at",
            "closed_at",
            "answers",
        )
    )
    return [_figure(row, tasks[row[0]], reports.get(row[0], {}), layouts) for row in rows]


def _figure(row: tuple[Any, ...], tasks: list[TaskFacts], report: dict[str, Any], layouts: Any) -> CaseFigure:
    case_id, events, opened_at, interviewed, confirmed, closed_at, answers = row
    seconds = stage_seconds(CaseTimes(opened_at, interviewed, confirmed, closed_at))
    avoided = avoided_writes(report, layouts)
    system, staff, resident = field_sources(report)
    return CaseFigure(
        case_id=case_id,
        event=(events or [""])[0],
        closed_on=timezone.localdate(closed_at),
        seconds_total=seconds.total,
        seconds_interview=seconds.interview,
        seconds_confirmation=seconds.confirmation,
        seconds_departments=seconds.departments,
        departments=len({t.department_id for t in tasks}),
        tasks=len(tasks),
        tasks_late=sum(1 for t in tasks if t.late),
        forms=len(report.get("forms", [])),
        fields_system=system,
        fields_staff=staff,
        fields_resident=resident,
        avoided_name=avoided[Category.NAME],
        avoided_address=avoided[Category.ADDRESS],
        avoided_birth_date=avoided[Category.BIRTH_DATE],
        avoided_phone=avoided[Category.PHONE],
        avoided_other=avoided[Category.OTHER],
        questions=len(answers or {}),
    )
