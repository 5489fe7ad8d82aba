"""The 3Q survey on the resident screen: optional, once per visit, stored with the event and the date only."""

from __future__ import annotations

import pytest
from django.db import models
from django.test import Client

from madoguchi.audit.models import AuditEntry
from madoguchi.counter import services
from madoguchi.insights.models import ResidentSurvey

pytestmark = pytest.mark.django_db


def _confirmed_screen(staff, resident) -> Client:
    case = services.case_open(actor=staff, events=["death"], seat="1番", event_date=None)
    services.case_person_add(case=case, role="deceased", resident=resident, actor=staff)
    code = services.case_finish_interview(case=case, actor=staff)
    screen = Client()
    screen.post("/counter/screen/", {"code": code})
    done = screen.post("/counter/screen/confirm/")
    assert "アンケートに答える" in done.content.decode()
    return screen


def test_the_survey_model_cannot_point_back_to_a_visit():
    kinds = {type(field) for field in ResidentSurvey._meta.get_fields()}
    assert not any(issubclass(kind, models.ForeignKey | models.OneToOneField) for kind in kinds)
    assert not any(issubclass(kind, models.DateTimeField) for kind in kinds)
    assert isinstance(ResidentSurvey._meta.pk, models.UUIDField)  # no sequence that follows the visits


def test_an_answer_keeps_the_event_and_the_date_only(counter_staff, bereaved_household):
    screen = _confirmed_screen(counter_staff, bereaved_household["deceased"])
    audited = AuditEntry.objects.count()
    response = screen.post(
        "/insights/survey/",
        {"satisfaction": "5", "writing": "signature", "waiting": "short", "comment": "早かった"},
    )
    assert "ご回答ありがとうございました" in response.content.decode()
    answer = ResidentSurvey.objects.get()
    assert (answer.event, answer.satisfaction, answer.writing, answer.waiting) == (
        "death",
        5,
        "signature",
        "short",
    )
    from django.utils import timezone

    assert answer.answered_on == timezone.localdate()
    assert AuditEntry.objects.count() == audited  # an audit entry would carry the time and the address


def test_every_question_is_optional(counter_staff, bereaved_household):
    screen = _confirmed_screen(counter_staff, bereaved_household["deceased"])
    screen.post("/insights/survey/", {"waiting": "long"})
    assert ResidentSurvey.objects.get().satisfaction is None
    nothing = _confirmed_screen(counter_staff, bereaved_household["deceased"])
    assert "ありがとうございました" in nothing.post("/insights/survey/", {}).content.decode()
    assert ResidentSurvey.objects.count() == 1  # an empty answer is not kept


def test_one_answer_per_visit_and_none_without_a_visit(counter_staff, bereaved_household):
    screen = _confirmed_screen(counter_staff, bereaved_household["deceased"])
    screen.post("/insights/survey/", {"satisfaction": "4"})
    again = screen.post("/insights/survey/", {"satisfaction": "1"})
    assert "受付は終了しました" in again.content.decode()
    stranger = Client().post("/insights/survey/", {"satisfaction": "1"})
    assert "受付は終了しました" in stranger.content.decode()
    assert ResidentSurvey.objects.count() == 1


def test_a_bad_answer_gets_a_japanese_message(counter_staff, bereaved_household):
    screen = _confirmed_screen(counter_staff, bereaved_household["deceased"])
    response = screen.post("/insights/survey/", {"satisfaction": "9", "comment": "あ" * 1001})
    assert response.status_code == 200
    assert "1000文字以内" in response.content.decode()
    assert not ResidentSurvey.objects.exists()
