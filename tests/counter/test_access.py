"""Who may open what: counter staff, department staff of each department, the resident screen."""

from __future__ import annotations

import datetime as dt

import pytest

from madoguchi.accounts.models import Department
from madoguchi.audit.models import AuditEntry
from madoguchi.counter import services
from madoguchi.counter.models import Case, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def routed(counter_staff):
    case = services.case_open(
        actor=counter_staff, events=["death"], seat="1番", event_date=dt.date(2026, 11, 18)
    )
    Case.objects.filter(pk=case.pk).update(stage=Case.Stage.CONFIRMED)
    hoken = Task.objects.create(
        case=case, procedure_id="death_nhi_loss", procedure_name="国保の資格喪失",
        department=Department.objects.get(code="hoken-nenkin"),
    )  # fmt: skip
    zeimu = Task.objects.create(
        case=case, procedure_id="death_resident_tax_heir", procedure_name="相続人代表者指定届",
        department=Department.objects.get(code="zeimu"),
    )  # fmt: skip
    return case, hoken, zeimu


@pytest.mark.parametrize(
    ("persona", "url", "status"),
    [
        ("counter_staff", "/counter/", 200),
        ("counter_staff", "/counter/board/", 200),
        ("counter_staff", "/counter/tasks/", 403),
        ("hoken_staff", "/counter/", 403),
        ("hoken_staff", "/counter/board/", 403),
        ("hoken_staff", "/counter/tasks/", 200),
        ("hoken_staff", "/residents/", 403),
        ("zeimu_staff", "/counter/tasks/", 200),
        ("auditor_staff", "/counter/", 403),
        ("auditor_staff", "/counter/tasks/", 403),
        ("no_role_staff", "/counter/board/", 403),
    ],
)
def test_pages_by_role(request, client, login_client, persona, url, status):
    login_client(request.getfixturevalue(persona), client)
    assert client.get(url).status_code == status


def test_signed_out_visitors_go_to_the_login_page(client):
    response = client.get("/counter/board/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_department_staff_see_only_their_departments_tasks(client, login_client, hoken_staff, routed):
    _, hoken, zeimu = routed
    login_client(hoken_staff, client)
    page = client.get("/counter/tasks/").content.decode()
    assert "国保の資格喪失" in page and "相続人代表者指定届" not in page
    assert client.get(f"/counter/tasks/{hoken.pk}/").status_code == 200
    assert client.get(f"/counter/tasks/{zeimu.pk}/").status_code == 404
    assert client.post(f"/counter/tasks/{zeimu.pk}/complete/", {"version": 1}).status_code == 404
    zeimu.refresh_from_db()
    assert zeimu.status == "open"


def test_department_staff_cannot_open_the_case_or_search(client, login_client, hoken_staff, routed):
    case, _, _ = routed
    login_client(hoken_staff, client)
    assert client.get(f"/counter/visits/{case.pk}/").status_code == 403
    assert client.post(f"/counter/visits/{case.pk}/search/", {"q": "すずき"}).status_code == 403


@pytest.mark.parametrize(
    ("persona", "url_of", "action"),
    [
        ("counter_staff", lambda case, task: f"/counter/visits/{case.pk}/", "case.view"),
        ("counter_staff", lambda case, task: "/counter/board/", "case.board"),
        ("hoken_staff", lambda case, task: "/counter/tasks/", "task.worklist"),
        ("hoken_staff", lambda case, task: f"/counter/tasks/{task.pk}/", "task.view"),
    ],
)
def test_every_view_of_case_data_is_audited(request, client, login_client, routed, persona, url_of, action):
    case, hoken, _ = routed
    staff = request.getfixturevalue(persona)
    login_client(staff, client)
    before = AuditEntry.objects.filter(action=action).count()
    assert client.get(url_of(case, hoken)).status_code == 200
    entry = AuditEntry.objects.filter(action=action).last()
    assert AuditEntry.objects.filter(action=action).count() == before + 1
    assert entry.actor_username == staff.username
    assert case.subject in (entry.subject, entry.detail.get("case")) or case.subject in entry.detail.get(
        "cases", []
    )
