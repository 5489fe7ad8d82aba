"""Staff download the family's handbook and calendar of a confirmed death case; each download is audited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from icalendar import Calendar

from madoguchi.audit.models import AuditEntry
from madoguchi.counter.models import Task
from madoguchi.counter.state import case_state
from tests.counter.helpers import add_resident, add_typed, answer_all, open_case, pdf_text
from tests.counter.test_flow import ANSWERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(client, counter_staff, login_client, bereaved_household):
    login_client(counter_staff, client)
    case = open_case(client)
    add_resident(client, case, bereaved_household["deceased"], "deceased")
    add_typed(client, case, "applicant", name="髙橋　直子", kana="たかはし なおこ", relationship="長女")
    answer_all(client, case, ANSWERS)
    client.post(f"/counter/visits/{case.pk}/finish/")
    return case


def _confirm(client, case) -> None:
    code = client.session["counter_codes"][str(case.pk)]
    screen = type(client)()
    screen.post("/counter/screen/", {"code": code})
    screen.post("/counter/screen/confirm/")


def test_no_handbook_before_the_resident_confirms(client, case):
    assert client.get(f"/handbook/visits/{case.pk}/handbook.pdf").status_code == 404
    assert client.get(f"/handbook/visits/{case.pk}/deadlines.ics").status_code == 404


def test_handbook_and_calendar_are_downloaded_and_audited(client, case):
    _confirm(client, case)
    page = client.get(f"/counter/visits/{case.pk}/").content.decode()
    assert 'data-testid="handbook"' in page and 'data-testid="handbook-ics"' in page
    response = client.get(f"/handbook/visits/{case.pk}/handbook.pdf")
    assert response["Content-Type"] == "application/pdf" and "no-store" in response["Cache-Control"]
    text = re.sub(r"\s", "", pdf_text(response.content))
    assert "おくやみハンドブック" in text and case.number in text
    assert "【サンプル年金事務所】" in text and "未支給年金" in text
    entry = AuditEntry.objects.filter(action="document.print", subject=case.subject).last()
    assert entry.detail["kind"] == "handbook"
    ics = client.get(f"/handbook/visits/{case.pk}/deadlines.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    events = list(Calendar.from_ical(ics.content).walk("VEVENT"))
    assert events
    for event in events:
        kind, name = str(event["summary"]).split(": ", 1)
        assert kind in ("期限", "請求の時効", "厳守の期限（過ぎると取り返しがつきません）")
        assert re.sub(r"\s", "", name) in text
    entry = AuditEntry.objects.filter(action="document.print", subject=case.subject).last()
    assert entry.detail["kind"] == "handbook_calendar"


def test_a_deferred_task_remains_in_the_handbook_with_its_follow_up_date(client, case):
    _confirm(client, case)
    task = Task.objects.filter(case=case, department__code="hoken-nenkin").first()
    task.status = Task.Status.DEFERRED
    task.follow_up_on = dt.date(2026, 12, 10)
    task.save()
    text = re.sub(r"\s", "", pdf_text(client.get(f"/handbook/visits/{case.pk}/handbook.pdf").content))
    remaining = text[text.index("■これからの手続") :]
    name = next(p.name for p in case_state(case).procedures if p.id == task.procedure_id)
    assert re.sub(r"\s", "", name) in remaining
    assert "市役所からご連絡する日:令和8年12月10日（木）" in remaining
