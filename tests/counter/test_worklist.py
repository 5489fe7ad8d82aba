"""The department worklist: open and taken tasks of one's own departments, soonest deadline first."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from madoguchi.accounts.models import Department
from madoguchi.audit.models import AuditEntry
from madoguchi.counter import services
from madoguchi.counter.models import Case, Task

pytestmark = pytest.mark.django_db

DEADLINE = {"date": "2026-12-02", "kind": "legal", "kind_name": "法定期限", "text": "14日以内"}


def _confirmed_case(staff, minutes_ago: int) -> Case:
    case = services.case_open(actor=staff, events=["death"], seat=f"{minutes_ago}番", event_date=None)
    confirmed = timezone.now() - dt.timedelta(minutes=minutes_ago)
    Case.objects.filter(pk=case.pk).update(stage=Case.Stage.CONFIRMED, resident_confirmed_at=confirmed)
    return case


def _task(case: Case, code: str, name: str, **values) -> Task:
    department = Department.objects.get(code=code)
    return Task.objects.create(
        case=case, procedure_id=name, procedure_name=name, department=department, **values
    )


@pytest.fixture
def worklist_tasks(counter_staff, hoken_staff):
    newer, older = _confirmed_case(counter_staff, 5), _confirmed_case(counter_staff, 70)
    return {
        "newer": _task(newer, "hoken-nenkin", "国保の資格喪失", needs={"deadline": DEADLINE}),
        "taken": _task(older, "hoken-nenkin", "後期高齢の喪失", status="taken", assignee=hoken_staff),
        "undated": _task(older, "hoken-nenkin", "葬祭費", order=1, needs={"deadline": None}),
        "done": _task(older, "hoken-nenkin", "年金の届出", order=2, status="done"),
        "other": _task(older, "zeimu", "相続人代表者指定届"),
    }


def test_lists_open_and_taken_tasks_of_own_departments_soonest_deadline_first(
    client, login_client, hoken_staff, worklist_tasks
):
    login_client(hoken_staff, client)
    page = client.get("/counter/tasks/").content.decode()
    rows = page.split('data-testid="worklist"')[1]
    # The task with a deadline first, then the others by how long the resident has waited.
    names = ["国保の資格喪失", "後期高齢の喪失", "葬祭費"]
    assert [rows.index(name) for name in names] == sorted(rows.index(name) for name in names)
    assert "年金の届出" not in rows and "相続人代表者指定届" not in rows
    assert "令和8年12月2日（" in rows and "法定期限</td><td>未着手</td>" in rows
    assert "<td>1時間10分</td>" in rows and "対応中（hoken）" in rows
    assert f'<a href="/counter/tasks/{worklist_tasks["undated"].pk}/">葬祭費</a>' in rows


def test_the_audit_entry_names_every_task_and_case_shown(client, login_client, hoken_staff, worklist_tasks):
    login_client(hoken_staff, client)
    client.get("/counter/tasks/")
    entry = AuditEntry.objects.filter(action="task.worklist").get()
    shown = [worklist_tasks[k] for k in ("newer", "taken", "undated")]
    assert entry.detail == {
        "tasks": [task.subject for task in shown],
        "cases": sorted({task.case.subject for task in shown}),
    }
    assert entry.department == "hoken-nenkin"


def test_an_empty_worklist_says_so(client, login_client, zeimu_staff):
    login_client(zeimu_staff, client)
    assert "いま対応する手続はありません。" in client.get("/counter/tasks/").content.decode()
