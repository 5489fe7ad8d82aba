"""Every response that shows personal data writes an audit entry; malformed input never gives a 500."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from madoguchi.audit.models import AuditEntry
from madoguchi.counter import services
from madoguchi.counter.models import Case
from tests.counter.helpers import add_resident, answer_all, open_case, url_patterns

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
# Who uses each part of the application.
PERSONA_OF = {"counter": "counter_staff", "registry": "counter_staff", "audit": "auditor_staff"}


@pytest.fixture
def confirmed(client, login_client, counter_staff, bereaved_household) -> Case:
    login_client(counter_staff, client)
    case = open_case(client)
    add_resident(client, case, bereaved_household["deceased"], "deceased")
    add_resident(client, case, bereaved_household["wife"], "applicant", relationship="妻")
    answer_all(client, case, {"deceased.pension.type1_paid_months": "0"})
    services.case_finish_interview(case=case, actor=counter_staff)
    return services.case_resident_confirm(case=Case.objects.get(pk=case.pk))


def _url(name: str, params: set[str], case: Case, resident_pk: int) -> str:
    values: dict[str, object] = {}
    if "pk" in params:
        values["pk"] = (
            case.tasks.filter(department__code="hoken-nenkin").first().pk
            if name.startswith("counter:task")
            else resident_pk
            if name.startswith("registry:")
            else case.pk
        )
    if "person_id" in params:
        values["person_id"] = case.people.first().pk
    if "action" in params:
        values["action"] = "take"
    return reverse(name, kwargs=values)


def test_every_get_that_shows_personal_data_is_audited(
    request, confirmed, bereaved_household, login_client, hoken_staff
):
    names = [r.name for r in bereaved_household.values()]
    resident_pk = bereaved_household["wife"].pk
    checked = []
    for name, pattern in url_patterns():
        app = name.split(":")[0]
        persona = "hoken_staff" if name.startswith("counter:task") else PERSONA_OF.get(app, "counter_staff")
        client = login_client(request.getfixturevalue(persona), Client())
        url = _url(name, set(pattern.pattern.converters), confirmed, resident_pk)
        before = AuditEntry.objects.count()
        response = client.get(url)
        content = b"" if response.streaming else response.content
        body = content.decode("utf-8", errors="replace")
        if response.status_code == 200 and any(n in body for n in names):
            checked.append(name)
            assert AuditEntry.objects.count() > before, f"{name} shows personal data without an audit entry"
    assert {"counter:case", "registry:detail", "counter:task"} <= set(checked)


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("answer/", {"fact": "answers.no_such_fact", "value": "yes"}),
        ("form-values/", {"question": "no-such-question"}),
        ("override/", {"procedure": "death_nhi_loss", "status": "required", "reason": "", "seen": ""}),
        ("override/", {"procedure": "", "status": "", "reason": ""}),
        ("unanswer/", {"fact": "answers.never_asked"}),
    ],
)
def test_refused_interview_fragments_are_audited(client, login_client, counter_staff, path, data):
    login_client(counter_staff, client)
    case = open_case(client)
    before = AuditEntry.objects.count()
    response = client.post(f"/counter/visits/{case.pk}/{path}", data, headers=HTMX)
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    entry = AuditEntry.objects.filter(seq__gt=before, action="case.view").get()
    assert entry.subject == case.subject and entry.detail["part"] == "interview"


def test_a_search_records_who_was_listed(client, login_client, counter_staff, bereaved_household):
    login_client(counter_staff, client)
    case = open_case(client)
    client.post(f"/counter/visits/{case.pk}/search/", {"q": "すずき", "role": "deceased"}, headers=HTMX)
    entry = AuditEntry.objects.filter(action="resident.search").last()
    assert sorted(entry.detail["shown"]) == sorted(r.subject for r in bereaved_household.values())


def test_denied_requests_are_audited(client, login_client, hoken_staff, confirmed):
    login_client(hoken_staff, client)
    assert client.get(f"/counter/visits/{confirmed.pk}/").status_code == 403
    assert client.get("/counter/tasks/999999/").status_code == 404
    denied = list(AuditEntry.objects.filter(action="access.denied").order_by("seq"))
    assert [(e.detail["status"], e.detail["view"]) for e in denied] == [
        (403, "counter:case"),
        (404, "counter:task"),
    ]
    assert all(e.actor_username == "hoken" for e in denied)


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/counter/visits/99999999999999999999/", {}),
        ("get", "/counter/visits/999999999999999999/", {}),
        ("get", "/counter/tasks/99999999999999999999/", {}),
        ("get", "/residents/99999999999999999999/", {}),
        ("post", "/counter/visits/{case}/people/", {"role": "applicant", "resident": "abc"}),
        ("post", "/counter/visits/{case}/people/", {"role": "applicant", "resident": "9" * 30}),
        ("post", "/counter/visits/{case}/people/", {"role": "x" * 5000, "name": "山田　太郎"}),
        ("post", "/counter/visits/{case}/people/", {"role": "applicant", "name": "x" * 5000}),
        ("post", "/counter/visits/{case}/people/999999/remove/", {}),
        ("post", "/counter/visits/{case}/note/", {"notes": "x" * 5000, "seen": ""}),
        ("post", "/counter/visits/{case}/details/", {"seat": "x" * 500, "event_date": "令和99年99月99日"}),
        ("post", "/counter/visits/{case}/answer/", {"fact": "x" * 5000, "value": "yes"}),
        ("post", "/counter/visits/{case}/search/", {"q": "あ" * 1000, "role": "deceased"}),
        ("post", "/counter/visits/{case}/reopen/", {"reason": "x"}),
        ("post", "/counter/visits/{case}/print/", {}),
    ],
)
def test_malformed_input_never_gives_a_server_error(client, login_client, counter_staff, method, path, data):
    login_client(counter_staff, client)
    case = open_case(client)
    response = getattr(client, method)(path.format(case=case.pk), data, headers=HTMX)
    assert response.status_code < 500
    case.refresh_from_db()
    assert not case.people.exists() and case.notes == "" and case.seat == "おくやみコーナー1"


def test_a_long_search_says_so_and_keeps_the_text(client, login_client, counter_staff):
    login_client(counter_staff, client)
    case = open_case(client)
    page = client.post(
        f"/counter/visits/{case.pk}/search/", {"q": "あ" * 1000, "role": "deceased"}, headers=HTMX
    ).content.decode()
    assert "検索語が長すぎます" in page


def test_out_of_range_task_version_is_a_message(client, login_client, hoken_staff, confirmed):
    login_client(hoken_staff, client)
    task = confirmed.tasks.filter(department__code="hoken-nenkin").first()
    response = client.post(f"/counter/tasks/{task.pk}/take/", {"version": "9" * 30})
    # The task page again, with the message beside the actions (nothing typed is lost).
    assert response.status_code == 400
    assert 'class="alert alert--error"' in response.content.decode()
    task.refresh_from_db()
    assert task.status == "open"


def test_personal_data_responses_are_not_cached(client, login_client, counter_staff, confirmed):
    login_client(counter_staff, client)
    for response in (
        client.get(f"/counter/visits/{confirmed.pk}/"),
        client.post(f"/counter/visits/{confirmed.pk}/print/"),
        client.get(f"/counter/visits/{confirmed.pk}/checklist.pdf"),
        client.get("/residents/"),
    ):
        assert "no-store" in response["Cache-Control"]
