"""Case writes: nothing lost when staff write at once, stale forms refused, the case's stage respected."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from madoguchi.audit.models import AuditEntry
from madoguchi.counter import services
from madoguchi.counter.models import Case
from tests.counter.helpers import add_resident, open_case

HTMX = {"HX-Request": "true"}
ROUNDS = 50


def _case(staff) -> Case:
    return services.case_open(actor=staff, events=["death"], seat="1番", event_date=dt.date(2026, 11, 18))


def _together(*calls) -> list[str]:
    """Run the calls in threads released at the same moment; return 'ok' or each refusal's message."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = [""] * len(calls)

    def run(index: int, call) -> None:
        barrier.wait()
        try:
            call()
            outcomes[index] = "ok"
        except services.CounterError as err:
            outcomes[index] = str(err)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_staff_answering_different_questions_at_once_lose_nothing(counter_staff):
    case = _case(counter_staff)
    for round_ in range(ROUNDS):
        a, b = f"answers.q{round_}a", f"answers.q{round_}b"
        outcomes = _together(
            lambda a=a: services.case_answer_record(
                case=Case.objects.get(pk=case.pk), fact=a, value=True, actor=counter_staff
            ),
            lambda b=b: services.case_answer_record(
                case=Case.objects.get(pk=case.pk), fact=b, value=False, actor=counter_staff
            ),
        )
        assert outcomes == ["ok", "ok"]
    case.refresh_from_db()
    assert len(case.answers) == 2 * ROUNDS
    assert all(case.answers[f"answers.q{r}a"] is True for r in range(ROUNDS))
    assert all(case.answers[f"answers.q{r}b"] is False for r in range(ROUNDS))
    assert AuditEntry.objects.filter(action="case.answer").count() == 2 * ROUNDS


@pytest.mark.django_db(transaction=True)
def test_two_stale_note_writes_give_one_message(counter_staff):
    case = _case(counter_staff)
    seen = services.fingerprint(case.notes)
    outcomes = _together(
        lambda: services.case_note_replace(case=case, notes="Aさんのメモ", seen=seen, actor=counter_staff),
        lambda: services.case_note_replace(case=case, notes="Bさんのメモ", seen=seen, actor=counter_staff),
    )
    assert sorted(o == "ok" for o in outcomes) == [False, True]
    assert "先に他の職員" in next(o for o in outcomes if o != "ok")
    case.refresh_from_db()
    assert case.notes in ("Aさんのメモ", "Bさんのメモ")
    assert AuditEntry.objects.filter(action="case.note").count() == 1


@pytest.mark.django_db
def test_a_different_answer_to_an_answered_question_is_refused(counter_staff):
    case = _case(counter_staff)
    services.case_answer_record(case=case, fact="answers.funeral_held", value=True, actor=counter_staff)
    stale = Case.objects.get(pk=case.pk)
    with pytest.raises(services.StaleCaseError, match="先に他の職員"):
        services.case_answer_record(case=stale, fact="answers.funeral_held", value=False, actor=counter_staff)
    case.refresh_from_db()
    assert case.answers == {"answers.funeral_held": True}


@pytest.mark.django_db
def test_a_stale_note_in_the_browser_keeps_what_was_typed(client, login_client, counter_staff):
    login_client(counter_staff, client)
    case = open_case(client)
    old = services.fingerprint("")
    client.post(f"/counter/visits/{case.pk}/note/", {"notes": "先のメモ", "seen": old}, headers=HTMX)
    page = client.post(
        f"/counter/visits/{case.pk}/note/", {"notes": "後から書いたメモ", "seen": old}, headers=HTMX
    ).content.decode()
    assert "先に他の職員" in page and "後から書いたメモ" in page and "先のメモ" in page
    case.refresh_from_db()
    assert case.notes == "先のメモ"


@pytest.mark.django_db
@pytest.mark.parametrize("stage", [Case.Stage.CONFIRMING, Case.Stage.CONFIRMED, Case.Stage.CLOSED])
def test_after_the_interview_the_content_is_read_only(
    client, login_client, counter_staff, stage, bereaved_household
):
    login_client(counter_staff, client)
    case = open_case(client)
    add_resident(client, case, bereaved_household["deceased"], "deceased")
    person = case.people.get()
    Case.objects.filter(pk=case.pk).update(stage=stage)
    base = f"/counter/visits/{case.pk}"
    writes = [
        ("/answer/", {"fact": "answers.funeral_held", "value": "yes"}),
        ("/form-values/", {"question": "funeral"}),
        ("/override/", {"procedure": "death_nhi_loss", "status": "required", "reason": "x", "seen": ""}),
        ("/details/", {"seat": "2番", "event_date": "", "seen": services.details_seen(case)}),
        ("/people/", {"role": "applicant", "resident": bereaved_household["wife"].pk}),
        (f"/people/{person.pk}/remove/", {}),
        (f"/people/{person.pk}/details/", {"relationship": "妻", "phone": "1", "seen": ""}),
    ]
    before = Case.objects.get(pk=case.pk)
    for path, data in writes:
        response = client.post(base + path, data, headers=HTMX)
        assert response.status_code < 500, path
    after = Case.objects.get(pk=case.pk)
    assert (after.answers, after.form_values, after.overrides, after.seat) == (
        before.answers, before.form_values, before.overrides, before.seat,
    )  # fmt: skip
    assert list(after.people.values_list("pk", flat=True)) == [person.pk]


@pytest.mark.django_db
def test_a_closed_case_refuses_notes_with_a_message_not_an_error(client, login_client, counter_staff):
    login_client(counter_staff, client)
    case = open_case(client)
    Case.objects.filter(pk=case.pk).update(stage=Case.Stage.CLOSED)
    response = client.post(
        f"/counter/visits/{case.pk}/note/", {"notes": "x", "seen": services.fingerprint("")}, headers=HTMX
    )
    assert response.status_code == 200 and "この受付は完了しています" in response.content.decode()


@pytest.mark.django_db
def test_reopening_a_confirmed_case_needs_a_reason_and_voids_the_confirmation(counter_staff):
    case = _case(counter_staff)
    Case.objects.filter(pk=case.pk).update(
        stage=Case.Stage.CONFIRMED, resident_confirmed_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
        confirmed_facts={"deceased": {"age": 85}},
    )  # fmt: skip
    case.refresh_from_db()
    with pytest.raises(services.CounterError, match="理由を入力してください"):
        services.case_reopen(case=case, actor=counter_staff, reason=" ")
    services.case_reopen(case=case, actor=counter_staff, reason="口座番号の訂正")
    case.refresh_from_db()
    assert (case.stage, case.resident_confirmed_at, case.confirmed_facts) == ("interview", None, {})
    entry = AuditEntry.objects.filter(action="case.reopen").last()
    assert entry.detail == {"reason": "口座番号の訂正", "confirmation_voided": True}


@pytest.mark.django_db
def test_a_closed_case_cannot_be_reopened(counter_staff):
    case = _case(counter_staff)
    Case.objects.filter(pk=case.pk).update(stage=Case.Stage.CLOSED)
    with pytest.raises(services.CounterError, match="完了しています"):
        services.case_reopen(case=Case.objects.get(pk=case.pk), actor=counter_staff, reason="x")


@pytest.mark.django_db
def test_a_confirmed_case_keeps_what_the_resident_confirmed(
    client, login_client, counter_staff, bereaved_household
):
    from madoguchi.counter.state import case_state
    from madoguchi.registry.models import Resident

    login_client(counter_staff, client)
    case = open_case(client)
    add_resident(client, case, bereaved_household["deceased"], "deceased")
    services.case_finish_interview(case=case, actor=counter_staff)
    case = services.case_resident_confirm(case=Case.objects.get(pk=case.pk))
    confirmed = [(p.id, p.status) for p in case_state(case).procedures]
    # The register changes after the resident confirmed: the case and its print do not.
    Resident.objects.filter(pk=bereaved_household["deceased"].pk).update(
        late_elderly_insurance=False, care_insurance=False, seal_registered=False
    )
    assert [(p.id, p.status) for p in case_state(case).procedures] == confirmed
    Case.objects.filter(pk=case.pk).update(stage=Case.Stage.INTERVIEW)
    case.refresh_from_db()
    assert [(p.id, p.status) for p in case_state(case).procedures] != confirmed
