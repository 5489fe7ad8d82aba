"""Department staff pages: the worklist of their departments' tasks, one task, and its actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from madoguchi.accounts.requests import staff_of
from madoguchi.audit.services import audit_request, client_address_of
from madoguchi.counter import services
from madoguchi.counter.formdata import ACCOUNT_PATHS, form_inputs, mask_account, value_label
from madoguchi.counter.forms import TaskActionForm
from madoguchi.counter.models import CasePerson, Task
from madoguchi.counter.packs import current_layouts, current_pack
from madoguchi.counter.rows import snapshot_deadline, worklist_lines
from madoguchi.counter.selectors import (
    case_disclosure,
    departments_of,
    staff_department_ids,
    task_for_staff,
    worklist,
    worklist_people,
)
from madoguchi.registry.visibility import PLACEHOLDER, RESTRICTED_CASE_MESSAGE, Disclosure, sees_restricted

TASK_PERMISSION = "accounts.work_department_tasks"
ACTIONS = ("take", "complete", "not_needed", "defer", "reopen")


def department_view(view: Any) -> Any:
    """Require a signed-in member of department staff."""
    return login_required(permission_required(TASK_PERMISSION, raise_exception=True)(view))


@department_view
@require_GET
def task_list(request: HttpRequest) -> HttpResponse:
    staff = staff_of(request)
    tasks = worklist(staff_department_ids(staff))
    lines = worklist_lines(
        tasks,
        worklist_people({t.case_id for t in tasks}),
        today=timezone.localdate(),
        urgent_days=current_pack().urgent_days,
        sees_restricted=sees_restricted(staff),
        placeholder=PLACEHOLDER,
    )
    cases = sorted({t.case_subject for t in tasks})
    detail = {"tasks": [line.task.subject for line in lines], "cases": cases}
    audit_request(request, action="task.worklist", detail=detail)
    context = {"lines": lines, "now": timezone.now(), "departments": departments_of(staff)}
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
    inputs = form_inputs(current_layouts().values())
    # An account number shows its last digits; the whole number is one click away (the resident
    # may stand at the department's window).
    answers = [
        (value_label(path, inputs), value, mask_account(value) if path in ACCOUNT_PATHS else "")
        for path, value in task.case.form_values.items()
        if path in paths
    ]
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
    return render(request, "counter/task.html", _task_context(task, shown))


def _task_context(task: Task, shown: Disclosure, **extra: Any) -> dict[str, Any]:
    pack = current_pack()
    layouts = current_layouts()
    data = task_view_data(task, shown)
    main = next((p for p in data["people"] if p.role == "deceased"), None) if not data["hidden"] else None
    return {
        "task": task,
        "form": TaskActionForm(initial={"version": task.version}),
        "restricted_message": "" if shown.allowed else RESTRICTED_CASE_MESSAGE,
        "role_names": {
            **dict(CasePerson.Role.choices),
            **{s.id: s.label for e in pack.events.values() for s in e.subjects},
        },
        "form_names": [
            layouts[f].name if f in layouts else "（様式名の登録なし）" for f in task.needs.get("forms", [])
        ],
        "deadline": snapshot_deadline(
            task.needs.get("deadline"), today=timezone.localdate(), urgent_days=pack.urgent_days
        ),
        "main_person": main,
        **data,
        **extra,
    }


def _task_refused(request: HttpRequest, task: Task, action: str, errors: list[str]) -> HttpResponse:
    """Show the task again with the message beside the refused action and what was typed kept."""
    shown = case_disclosure(task.case, staff_of(request))
    audit_request(
        request,
        action="task.view",
        subject=task.subject,
        detail={"case": task.case.subject, **shown.audit_detail()},
    )
    typed = {
        "action": action,
        "reason": request.POST.get("reason", "")[:200],
        "follow_up_on": request.POST.get("follow_up_on", "")[:30],
        "errors": errors,
    }
    return render(request, "counter/task.html", _task_context(task, shown, typed=typed), status=400)


@department_view
@require_POST
def task_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    task = task_for_staff(pk, staff_of(request))
    if task is None or action not in ACTIONS:
        raise Http404
    form = TaskActionForm(request.POST)
    if not form.is_valid():
        errors = [str(e) for errors in form.errors.values() for e in errors]
        return _task_refused(request, task, action, errors)
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
        return _task_refused(request, task, action, [str(err)])
    messages.success(request, f"「{task.procedure_name}」を更新しました")
    return redirect("counter:task", pk=pk) if action == "take" else redirect("counter:worklist")
