"""The counter's busiest requests cost a fixed, small number of queries, whatever the rows they show.

Every request pays five: session, user, the user's two permission queries, and the case (or the
departments). Each audited request adds the staff member's departments and the chain's head and
insert. Counts are inside the test's transaction, so no BEGIN/COMMIT.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from madoguchi.accounts.models import Department
from madoguchi.counter.models import Case, Task
from tests.counter.helpers import add_resident, open_case

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def _lock() -> int:
    """PostgreSQL takes the audit chain's advisory lock with one more query per audited request."""
    return 1 if connection.vendor == "postgresql" else 0


def _count(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code == 200, response.content.decode()
    return len(queries)


@pytest.fixture
def visit(client, login_client, counter_staff, bereaved_household) -> Case:
    login_client(counter_staff, client)
    case = open_case(client)
    add_resident(client, case, bereaved_household["deceased"], "deceased")
    return case


def test_the_visit_page_reads_people_and_household_once(client, visit, bereaved_household):
    first = _count(lambda: client.get(f"/counter/visits/{visit.pk}/"))
    add_resident(client, visit, bereaved_household["wife"], "applicant")
    add_resident(client, visit, bereaved_household["son"], "applicant")
    # + people with their register records, the household, the header's roles, the 支援措置 check, and
    # what the departments' numbers say the deceased held (障害者手帳, 児童手当: one query).
    assert first == _count(lambda: client.get(f"/counter/visits/{visit.pk}/")) <= 13 + _lock()


def test_an_answer_saves_audits_and_redraws_the_interview(client, visit):
    fact = "answers.funeral_held"
    post = lambda: client.post(  # noqa: E731
        f"/counter/visits/{visit.pk}/answer/", {"fact": fact, "value": "no"}, headers=HTMX
    )
    # + the locked re-read and the update, people, household, the 支援措置 check; the fragment has no
    # header, so no roles or departments for it; its read is audited too (chain head and insert); the
    # deceased's holdings in the departments' numbers.
    assert _count(post) <= 18 + 2 * _lock()
    visit.refresh_from_db()
    assert visit.answers[fact] is False


def test_a_search_costs_the_same_for_one_or_many_people(client, visit):
    def search(text: str) -> int:
        return _count(lambda: client.post(f"/counter/visits/{visit.pk}/search/", {"q": text}, headers=HTMX))

    # + one or two search passes (an id query and a fetch each); here SQLite needs one, PostgreSQL two.
    passes = 2 if connection.vendor == "postgresql" else 1
    one, two_words = search("すずき"), search("すずき　いちろう")
    # + the 支援措置 check of the case.
    assert one <= 9 + 2 * passes + _lock()
    assert two_words <= 9 + 2 * passes + _lock()


def test_the_worklist_costs_the_same_for_one_or_many_tasks(client, login_client, counter_staff, hoken_staff):
    login_client(hoken_staff, client)
    case = open_case(login_client(counter_staff))
    dept = Department.objects.get(code="hoken-nenkin")

    def add_tasks(count: int) -> None:
        start = case.tasks.count()
        for i in range(start, start + count):
            Task.objects.create(case=case, procedure_id=f"p{i}", procedure_name=f"手続{i}", department=dept)

    add_tasks(1)
    one = _count(lambda: client.get("/counter/tasks/"))
    add_tasks(9)
    # + the tasks, their cases' main people, and the header's roles; the departments are read once
    # for header, list and audit.
    assert _count(lambda: client.get("/counter/tasks/")) == one <= 10 + _lock()
