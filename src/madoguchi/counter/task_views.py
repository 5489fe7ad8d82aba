"""Department staff pages: the worklist of their departments' tasks, one task, and its actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from madoguchi.accounts.requests import staff_of
from madoguchi.audit.services import audit_request, client_address_of
from madoguchi.counter import services
from madoguchi.counter.forms import TaskActionForm
from madoguchi.counter.models import Task
from madoguchi.counter.packs import current_layouts, current_pack
from madoguchi.counter.render import worklist_html
from madoguchi.counter.selectors import (
    case_disclosure,
    departments_of,
    staff_department_ids,
    task_for_staff,
    worklist,
)
from madoguchi.registry.visibility import PLACEHOLDER, RESTRICTED_CASE_MESSAGE, Disclosure

TASK_PERMISSION = "accounts.work_department_tasks"
ACTIONS = ("take", "complete", "not_needed", "defer", "reopen")


def department_view(view: Any) -> Any:
    """Require a signed-in member of department staff."""
    return login_required(permission_required(TASK_PERMISSION, raise_exception=True)(view))


@department_view
@require_GET
def task_list(request: HttpRequest) -> HttpResponse:
    tasks = worklist(staff_department_ids(staff_of(request)))
    cases = sorted({t.case_subject for t in tasks})
    audit_request(
        request, action="task.worklist", detail={"tasks": [t.subject for t in tasks], "cases": cases}
    )
    rows_html = worklist_html(tasks, task_base=reverse("counter:worklist"), now=timezone.now())
    context = {"tasks": tasks, "rows_html": rows_html, "departments": departments_of(staff_of(request))}
    return render(request, "counter/worklist.html", context)


def task_view_data(task: Task, shown: Disclosure) -> dict[str, Any]:
    """Return only the case data this task needs: the people named on its forms, and its answers.

    Staff not entitled to the case's 支援措置 people get placeholders and none of the derived facts.
    """
    if not shown.allowed:
        hidden: list[object] = [{"role": p.role, "name": PLACEHOLDER} for p in task.case.people.all()]
        return {"people": hidden, "answers": {}, "hidden": True}
    paths = {
        name
        for form_id in task.needs.get("forms", [])
        if (layout := current_layouts().get(form_id)) is not None
        for field in layout.fields
        if field.value is not None
        for name in field.value.fact_names
    }
    roles = {path.split(".")[0] for path in paths}
    people = [p for p in task.case.people.all() if p.role in roles or p.role == "deceased"]
    answers = {k: v for k, v in task.case.form_values.items() if k in paths}
    return {"people": people, "answers": answers, "hidden": False}


@department_view
@require_GET
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for_staff(pk, staff_of(request))
    if task is None:
        # Another department's task: the same answer as a missing one.
        raise Http404
    shown = case_disclosure(task.case, staff_of(request))
    detail = {"case": task.case.subject, **shown.audit_detail()}
    audit_request(request, action="task.view", subject=task.subject, detail=detail)
    context = {
        "task": task,
        "form": TaskActionForm(initial={"version": task.version}),
        "restricted_message": "" if shown.allowed else RESTRICTED_CASE_MESSAGE,
        "role_names": {s.id: s.label for e in current_pack().events.values() for s in e.subjects},
        **task_view_data(task, shown),
    }
    return render(request, "counter/task.html", context)


@department_view
@require_POST
def task_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    task = task_for_staff(pk, staff_of(request))
    if task is None or action not in ACTIONS:
        raise Http404
    form = TaskActionForm(request.POST)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(str(e) for e in error))
        return redirect("counter:task", pk=pk)
    try:
        services.task_act(
            task=task,
            action=action,
            version=form.cleaned_data["version"],
            actor=staff_of(request),
            reason=form.cleaned_data["reason"],
            follow_up_on=form.cleaned_data["follow_up_on"],
            client_address=client_address_of(request),
        )
    except services.StaleTaskError as err:
        messages.error(request, str(err))
        return redirect("counter:task", pk=pk)
    except services.CounterError as err:
        messages.error(request, str(err))
        return redirect("counter:task", pk=pk)
    messages.success(request, f"「{task.procedure_name}」を更新しました")
    return redirect("counter:task", pk=pk) if action == "take" else redirect("counter:worklist")
