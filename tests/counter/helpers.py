"""Drive a visit through the counter pages with the Django test client."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pypdfium2
from django.urls import URLPattern, URLResolver, get_resolver

from madoguchi.counter import services
from madoguchi.counter.models import Case
from madoguchi.counter.state import case_state


def open_case(client, events=("death",), seat="おくやみコーナー1", event_date="") -> Case:
    response = client.post(
        "/counter/visits/new/", {"events": list(events), "seat": seat, "event_date": event_date}
    )
    assert response.status_code == 302, response.content.decode()
    return Case.objects.get(pk=int(re.search(r"/visits/(\d+)/", response["Location"])[1]))


def add_resident(client, case: Case, resident, role: str, relationship: str = "") -> None:
    response = client.post(
        f"/counter/visits/{case.pk}/people/",
        {"role": role, "resident": resident.pk, "relationship": relationship},
    )
    assert response.status_code == 302


def add_typed(client, case: Case, role: str, **values) -> None:
    response = client.post(f"/counter/visits/{case.pk}/people/", {"role": role, **values})
    assert response.status_code == 302


def answer_every_question_yes(case: Case, staff, form_values: dict[str, str] | None = None) -> None:
    """Answer 「はい」 to every question through the services, so that many departments get a task."""
    for _ in range(60):
        question = case_state(Case.objects.get(pk=case.pk)).next_question
        if question is None:
            return
        if hasattr(question, "fact"):
            services.case_answers_record(case=case, values=dict.fromkeys(question.facts, True), actor=staff)
        else:
            values = {item.path: (form_values or {}).get(item.path, "") for item in question.inputs}
            services.case_form_values_record(case=case, values=values, actor=staff)
    raise AssertionError("questions did not end")


def answer_all(
    client, case: Case, answers: dict[str, str], default: str = "no", limit: int = 60
) -> list[str]:
    """Answer every question asked, in order; return the facts that were asked."""
    asked: list[str] = []
    for _ in range(limit):
        case.refresh_from_db()
        question = case_state(case).next_question
        if question is None:
            return asked
        if hasattr(question, "fact") and question.items:
            # A checklist: the lines answered "yes" are ticked, the others left unticked (いいえ).
            asked.extend(question.facts)
            ticked = [name for name in question.facts if answers.get(name, default) == "yes"]
            data = {"fact": question.fact, "item": list(question.facts), "value": ticked}
            client.post(f"/counter/visits/{case.pk}/answer/", data)
        elif hasattr(question, "fact"):
            asked.append(question.fact)
            value = answers.get(question.fact, default)
            client.post(f"/counter/visits/{case.pk}/answer/", {"fact": question.fact, "value": value})
        else:
            asked.append(question.key)
            data = {"question": question.key, **{i.path: answers.get(i.path, "") for i in question.inputs}}
            client.post(f"/counter/visits/{case.pk}/form-values/", data)
    raise AssertionError("questions did not end")


def pdf_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def url_patterns(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    """Yield every named URL of the application as ("namespace:name", pattern)."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry, f"{prefix}{entry.namespace}:" if entry.namespace else prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry
