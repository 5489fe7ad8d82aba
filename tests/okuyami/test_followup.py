"""Follow-up: open bereavement cases with what remains, due within 7 days highlighted, audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from madoguchi.accounts.models import Department
from madoguchi.audit.models import AuditEntry
from madoguchi.counter import services
from madoguchi.counter.models import Case, Task


def _case(staff, events, tasks: int) -> tuple[Case, list[Task]]:
    case = services.case_open(actor=staff, events=events, seat="1番", event_date=dt.date(2026, 11, 18))
    Case.objects.filter(pk=case.pk).update(stage=Case.Stage.CONFIRMED)
    department = Department.objects.get(code="hoken-nenkin")
    made = [
        Task.objects.create(case=case, procedure_id=f"p{i}", procedure_name=f"手続{i}", department=department)
        for i in range(tasks)
    ]
    return case, made


@pytest.mark.django_db
def test_followup_lists_remaining_items_and_highlights_the_next_seven_days(
    client, login_client, counter_staff, hoken_staff
):
    today = timezone.localdate()
    death, (soon, later, done) = _case(counter_staff, ["death"], 3)
    move, _ = _case(counter_staff, ["move_out"], 1)
    services.task_act(
        task=soon, action="defer", version=1, actor=hoken_staff, follow_up_on=today + dt.timedelta(days=3)
    )
    Task.objects.filter(pk=later.pk).update(needs={"deadline": {"date": str(today + dt.timedelta(days=30))}})
    services.task_act(task=done, action="complete", version=1, actor=hoken_staff)
    death.refresh_from_db()
    assert death.stage == Case.Stage.CONFIRMED

    login_client(counter_staff, client)
    html = client.get("/okuyami/followup/").content.decode()
    assert death.number in html and move.number not in html
    assert "手続0" in html and "手続1" in html and "手続2" not in html
    assert html.index("7日以内") < html.index("手続1")
    assert 'class="soon"' in html
    entry = AuditEntry.objects.filter(action="followup.list").last()
    assert entry.detail["cases"] == [death.subject]

    # When the deferred one is done and the other one too, the case closes and leaves the list.
    services.task_act(task=soon, action="reopen", version=2, actor=hoken_staff)
    services.task_act(task=soon, action="complete", version=3, actor=hoken_staff)
    services.task_act(task=later, action="not_needed", version=1, actor=hoken_staff, reason="対象外")
    death.refresh_from_db()
    assert death.stage == Case.Stage.CLOSED
    assert death.number not in client.get("/okuyami/followup/").content.decode()
