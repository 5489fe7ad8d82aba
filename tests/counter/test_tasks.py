"""Department tasks: actions, optimistic locking (no lost update), closing the case."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from madoguchi.accounts.models import Department
from madoguchi.counter import services
from madoguchi.counter.models import Case, Task


def _case_with_tasks(staff, count: int = 2) -> tuple[Case, list[Task]]:
    case = services.case_open(actor=staff, events=["death"], seat="1番", event_date=dt.date(2026, 11, 18))
    Case.objects.filter(pk=case.pk).update(stage=Case.Stage.CONFIRMED)
    department = Department.objects.get(code="hoken-nenkin")
    tasks = [
        Task.objects.create(case=case, procedure_id=f"p{i}", procedure_name=f"手続{i}", department=department)
        for i in range(count)
    ]
    return case, tasks


@pytest.mark.django_db
def test_the_second_of_two_completions_with_the_same_version_is_refused(hoken_staff, counter_staff):
    _, (task, _) = _case_with_tasks(counter_staff)
    services.task_act(task=task, action="complete", version=1, actor=hoken_staff)
    with pytest.raises(services.StaleTaskError, match="先にhokenさんが「完了」にしました"):
        services.task_act(task=task, action="not_needed", version=1, actor=counter_staff, reason="重複")
    task.refresh_from_db()
    assert (task.status, task.version, task.reason) == ("done", 2, "")


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_completions_leave_one_result(hoken_staff, counter_staff):
    _, (task, _) = _case_with_tasks(counter_staff)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def act(staff, action, reason):
        barrier.wait()
        try:
            services.task_act(
                task=Task.objects.get(pk=task.pk), action=action, version=1, actor=staff, reason=reason
            )
            outcomes.append("ok")
        except services.StaleTaskError as err:
            outcomes.append(str(err))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(hoken_staff, "complete", "")),
        threading.Thread(target=act, args=(counter_staff, "not_needed", "不要")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(o == "ok" for o in outcomes) == [False, True]
    message = next(o for o in outcomes if o != "ok")
    assert "あなたの操作は反映していません" in message
    task.refresh_from_db()
    assert task.version == 2 and task.status in ("done", "not_needed")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "reason", "follow_up", "message"),
    [
        ("not_needed", "", None, "対象外とする理由を入力してください"),
        ("defer", "", None, "後日対応する日を入力してください"),
        ("defer", "", dt.date(2020, 1, 1), "後日対応する日が今日より前です"),
    ],
)
def test_actions_that_need_a_reason_or_date(hoken_staff, counter_staff, action, reason, follow_up, message):
    _, (task, _) = _case_with_tasks(counter_staff)
    with pytest.raises(services.CounterError, match=message):
        services.task_act(
            task=task, action=action, version=1, actor=hoken_staff, reason=reason, follow_up_on=follow_up
        )
    task.refresh_from_db()
    assert task.status == "open"


@pytest.mark.django_db
def test_the_case_closes_when_every_task_is_done_or_not_needed_not_while_deferred(hoken_staff, counter_staff):
    case, (first, second) = _case_with_tasks(counter_staff)
    services.task_act(task=first, action="take", version=1, actor=hoken_staff)
    services.task_act(task=first, action="complete", version=2, actor=hoken_staff)
    case.refresh_from_db()
    assert case.stage == Case.Stage.CONFIRMED
    later = dt.date.today() + dt.timedelta(days=7)
    services.task_act(task=second, action="defer", version=1, actor=hoken_staff, follow_up_on=later)
    case.refresh_from_db()
    assert case.stage == Case.Stage.CONFIRMED, "a deferred task is followed up, the case stays open"
    services.task_act(task=second, action="reopen", version=2, actor=hoken_staff)
    services.task_act(task=second, action="complete", version=3, actor=hoken_staff)
    case.refresh_from_db()
    assert case.stage == Case.Stage.CLOSED and case.closed_at is not None
    first.refresh_from_db()
    assert first.taken_at is not None and first.finished_at >= first.taken_at


@pytest.mark.django_db
def test_web_message_for_the_losing_staff(client, login_client, hoken_staff, counter_staff):
    _, (task, _) = _case_with_tasks(counter_staff)
    login_client(hoken_staff, client)
    client.post(f"/counter/tasks/{task.pk}/take/", {"version": 1})
    response = client.post(f"/counter/tasks/{task.pk}/complete/", {"version": 1}, follow=True)
    assert "あなたの操作は反映していません" in response.content.decode()
    task.refresh_from_db()
    assert task.status == "taken"
