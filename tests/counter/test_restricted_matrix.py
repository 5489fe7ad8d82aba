"""支援措置 on every channel: every URL × every role × own/other department × where the restricted person is.

A person under 支援措置 is put on a death case by an entitled clerk (as the deceased, as the applicant,
or only as a member of the deceased's household). Then every URL of the application is requested by
each persona; whoever is not entitled must never get the person's name, kana, birth date or address,
in HTML or in PDF text, and the case itself is refused to them.
"""

from __future__ import annotations

import dataclasses

import pytest
from django.test import Client
from django.urls import reverse

from madoguchi.accounts.services import staff_restricted_access_set
from madoguchi.audit.models import AuditEntry
from madoguchi.counter import services
from madoguchi.counter.models import Case, CasePerson, Task
from madoguchi.domain.japanese import format_wareki
from madoguchi.registry.models import Resident
from madoguchi.registry.visibility import PLACEHOLDER
from tests.counter.helpers import add_resident, answer_all, open_case, pdf_text, url_patterns

pytestmark = pytest.mark.django_db

SCENARIOS = ("ordinary", "deceased", "applicant", "household")
# Personas: (fixture, entitled to 支援措置).
PERSONAS = (
    ("counter_staff", False),
    ("entitled_counter", True),
    ("hoken_staff", False),
    ("zeimu_staff", False),
    ("admin_staff", False),
    ("auditor_staff", False),
    ("dx_staff", False),
)
# Only the restricted person lives here: the rest of the household has another address.
HIDDEN_ADDRESS = "秘匿荘101号"


@dataclasses.dataclass
class World:
    case: Case
    own_task: Task  # a task of 保険年金課 (hoken_staff's department)
    other_task: Task  # a task of another department
    person: CasePerson  # the person of the case the URLs with person_id name
    resident: Resident  # the restricted one (or, when ordinary, the deceased)
    markers: tuple[str, ...]


@pytest.fixture
def entitled_counter(counter_staff, departments):
    from tests.conftest import _make

    staff = _make("entitled", None, "shimin")
    staff.groups.set(counter_staff.groups.all())
    staff_restricted_access_set(staff=staff, granted=True)
    return staff


def _markers(resident: Resident) -> tuple[str, ...]:
    birth = resident.birth_date
    return (
        resident.name,
        resident.kana,
        resident.name.replace("\u3000", ""),
        HIDDEN_ADDRESS,
        birth.isoformat(),
        f"{birth.year}年{birth.month}月{birth.day}日",
        format_wareki(birth),
    )


def _build(scenario: str, household: dict[str, Resident], entitled, login_client) -> World:
    son = household["son"]
    if scenario != "ordinary":
        target = {"deceased": household["deceased"], "applicant": son, "household": son}[scenario]
        Resident.objects.filter(pk=target.pk).update(restricted=True, address_detail=HIDDEN_ADDRESS)
        target.refresh_from_db()
    else:
        target = son
    client = login_client(entitled)
    case = open_case(client)
    add_resident(client, case, household["deceased"], "deceased")
    applicant = son if scenario == "applicant" else household["wife"]
    add_resident(client, case, applicant, "applicant", relationship="子")
    answer_all(client, case, {"deceased.pension.type1_paid_months": "0"})
    services.case_finish_interview(case=case, actor=entitled)
    services.case_resident_confirm(case=Case.objects.get(pk=case.pk))
    case.refresh_from_db()
    own = case.tasks.filter(department__code="hoken-nenkin").first()
    other = case.tasks.exclude(department__code="hoken-nenkin").first()
    assert own is not None and other is not None, "the death case must route tasks to two departments"
    on_case = scenario in ("deceased", "applicant")
    person = case.people.get(resident=target) if on_case else case.people.get(role="applicant")
    return World(case, own, other, person, target, _markers(target))


def _kwargs(name: str, params: set[str], world: World) -> dict[str, object]:
    values: dict[str, object] = {}
    if "pk" in params:
        if name.startswith("counter:task"):
            values["pk"] = world.own_task.pk
        elif name.startswith("registry:"):
            values["pk"] = world.resident.pk
        else:
            values["pk"] = world.case.pk
    if "person_id" in params:
        values["person_id"] = world.person.pk
    if "action" in params:
        values["action"] = "take"
    assert set(values) == params, f"the matrix does not know how to fill {name}: {params - set(values)}"
    return values


def _urls(world: World) -> list[tuple[str, str]]:
    urls = []
    for name, pattern in url_patterns():
        params = set(pattern.pattern.converters)
        urls.append((name, reverse(name, kwargs=_kwargs(name, params, world))))
    # The other department's task, by its real id.
    urls.append(("counter:task (other department)", reverse("counter:task", args=[world.other_task.pk])))
    return urls


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        return pdf_text(content)
    return content.decode("utf-8", errors="replace")


# Reads by POST that show data (search, print) and writes whose refusal must change nothing.
POST_DATA = {
    "counter:people_search": {"q": "すずき", "role": "applicant"},
    "counter:print": {},
    "counter:answer": {"fact": "answers.funeral_held", "value": "yes"},
    "counter:note": {"notes": "メモ", "seen": ""},
    "counter:person_remove": {},
    "counter:person_add": {"role": "applicant", "name": "追加　太郎"},
}


def _case_url(name: str) -> bool:
    if name.startswith("handbook:"):
        return True
    return name.startswith("counter:") and name.split(":")[1] in {
        "case", "case_stage", "people_search", "person_add", "person_remove", "applicant_details",
        "details", "answer", "unanswer", "form_values", "override", "note", "finish", "reopen",
        "print", "checklist",
    }  # fmt: skip


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_restricted_people_never_reach_unentitled_staff(
    scenario, request, bereaved_household, entitled_counter, login_client
):
    world = _build(scenario, bereaved_household, entitled_counter, login_client)
    restricted = scenario != "ordinary"
    people_before = list(world.case.people.values_list("pk", flat=True))
    for fixture, entitled in PERSONAS:
        staff = request.getfixturevalue(fixture)
        client = login_client(staff, Client())
        for name, url in _urls(world):
            response = client.get(url)
            _check(name, url, "GET", response, world, fixture, entitled, restricted)
            if name in POST_DATA and not (
                entitled and name not in ("counter:people_search", "counter:print")
            ):
                response = client.post(url, POST_DATA[name])
                _check(name, url, "POST", response, world, fixture, entitled, restricted)
    # Refused writes changed nothing.
    assert list(world.case.people.values_list("pk", flat=True)) == people_before


def _check(name, url, method, response, world, fixture, entitled, restricted) -> None:
    where = f"{fixture} {method} {url} ({name})"
    assert response.status_code < 500, where
    body = _body(response)
    if restricted and not entitled:
        leaked = [m for m in world.markers if m in body]
        assert not leaked, f"{where} shows {leaked}"
    if _case_url(name) and fixture == "counter_staff" and restricted:
        # Every page, fragment and action of a case involving 支援措置 is refused to unentitled staff.
        assert response.status_code in (403, 405), where
    if name == "counter:case" and method == "GET" and fixture in ("counter_staff", "entitled_counter"):
        assert response.status_code == (403 if restricted and not entitled else 200), where
    if name == "counter:task" and fixture == "hoken_staff":
        assert response.status_code == 200, where
        if restricted:
            assert PLACEHOLDER in body, where
    if name == "counter:task (other department)" and fixture == "hoken_staff":
        assert response.status_code == 404, where
    if name == "counter:print" and method == "POST" and fixture == "counter_staff":
        assert response.status_code == (403 if restricted else 200), where
    if name == "registry:detail" and fixture == "counter_staff":
        assert response.status_code == (404 if restricted and world.resident.restricted else 200), where


def test_entitled_staff_see_the_badge_and_the_read_is_audited(
    bereaved_household, entitled_counter, login_client
):
    world = _build("deceased", bereaved_household, entitled_counter, login_client)
    client = login_client(entitled_counter, Client())
    page = client.get(f"/counter/visits/{world.case.pk}/").content.decode()
    assert world.resident.name in page and 'data-testid="restricted-badge"' in page
    entry = AuditEntry.objects.filter(action="case.view").last()
    assert entry.detail["restricted_shown"] == [f"resident:{world.resident.pk}"]
    client.post(f"/counter/visits/{world.case.pk}/print/")
    printed = AuditEntry.objects.filter(action="document.print").last()
    assert printed.detail["restricted_shown"] == [f"resident:{world.resident.pk}"]


def test_unentitled_refusals_are_audited_without_personal_data(
    bereaved_household, entitled_counter, counter_staff, login_client
):
    world = _build("household", bereaved_household, entitled_counter, login_client)
    client = login_client(counter_staff, Client())
    response = client.get(f"/counter/visits/{world.case.pk}/")
    assert response.status_code == 403 and PLACEHOLDER not in response.content.decode()
    assert "支援措置" in response.content.decode()
    entry = AuditEntry.objects.filter(action="access.denied").last()
    assert entry.actor_username == "counter" and entry.detail["status"] == 403
    assert entry.detail["ids"] == {"pk": str(world.case.pk)}


def test_a_restricted_person_on_the_case_is_a_placeholder_for_unentitled_staff(
    bereaved_household, entitled_counter, counter_staff, login_client
):
    world = _build("deceased", bereaved_household, entitled_counter, login_client)
    page = login_client(counter_staff, Client()).get(f"/counter/visits/{world.case.pk}/").content.decode()
    assert PLACEHOLDER in page and world.resident.name not in page
