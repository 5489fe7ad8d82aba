"""Writes of the counter: open a visit, record answers and overrides, confirm, print, work tasks.

Every function takes keyword-only arguments, runs in one transaction and writes an audit entry.
Audit details carry ids and field names, never the personal values themselves.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from madoguchi.accounts.models import Department
from madoguchi.accounts.services import department_create
from madoguchi.audit.services import audit_record
from madoguchi.counter.declared import register_person_values
from madoguchi.counter.models import Case, CasePerson, ScreenFailure, Task
from madoguchi.counter.state import case_state, procedure_json
from madoguchi.domain.japanese import code_digits
from madoguchi.domain.navigator import ProcedureResult, Status
from madoguchi.domain.packs import Pack
from madoguchi.insights.services import case_figure_record

if TYPE_CHECKING:
    from madoguchi.accounts.models import Staff
    from madoguchi.registry.models import Resident

CODE_LIFETIME = dt.timedelta(minutes=15)
SCREEN_MAX_FAILURES = 10
SCREEN_FAILURE_WINDOW = dt.timedelta(minutes=15)
CODE_DIGITS = 6


class StaleTaskError(Exception):
    """Another member of staff changed the task first; the message is Japanese."""


class CounterError(ValueError):
    """An action the case's state does not allow; the message is Japanese."""


class StaleCaseError(CounterError):
    """Someone changed the case since the form was shown; the newer data stays. Japanese message."""


def case_open(
    *, actor: Staff, events: list[str], seat: str, event_date: dt.date | None, client_address: str = ""
) -> Case:
    """Open a visit for one or more life events, with the seat where the resident waits."""
    with transaction.atomic():
        case = Case.objects.create(
            number=f"tmp-{secrets.token_hex(8)}",
            seat=seat,
            events=events,
            event_date=event_date,
            opened_by=actor,
        )
        # The primary key makes the number unique without a counter table or a race.
        case.number = f"{timezone.localdate().year}-{case.pk:05d}"
        case.save(update_fields=["number"])
        audit_record(
            action="case.open",
            actor=actor,
            subject=case.subject,
            detail={"events": events},
            client_address=client_address,
        )
    return case


# What each stage lets staff change: the interview is the only time the case's content changes;
# notes are the staff's own memo (never printed or confirmed) and stay writable until the case closes.
_CONTENT_STAGES = (Case.Stage.INTERVIEW,)
_NOTE_STAGES = (Case.Stage.INTERVIEW, Case.Stage.CONFIRMING, Case.Stage.CONFIRMED)
STALE_MESSAGE = (
    "この内容は、先に他の職員（または別の画面）が変更しました。あなたの変更は保存していません。"
    "画面の新しい内容を確認してから、もう一度操作してください。"
)


def fingerprint(value: Any) -> str:
    """Return a short digest of what a form showed, so a write can tell whether it changed since."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _locked(case: Case, stages: tuple[str, ...]) -> Case:
    """Return the case row re-read under a write lock, refusing stages that do not allow the change."""
    # SQLite transactions already hold the write lock (BEGIN IMMEDIATE); PostgreSQL locks the row.
    current = Case.objects.select_for_update().get(pk=case.pk)
    if current.stage not in stages:
        raise CounterError(_stage_message(current))
    return current


def _stage_message(case: Case) -> str:
    if case.stage == Case.Stage.CLOSED:
        return "この受付は完了しています。変更できません"
    if case.stage == Case.Stage.CANCELLED:
        return "この受付は取り消されています。変更できません"
    if case.stage == Case.Stage.CONFIRMING:
        return "住民の方が確認中のため変更できません。「聞き取りに戻る」を押してから直してください"
    if case.stage == Case.Stage.CONFIRMED:
        return (
            "住民の方が確認した受付は変更できません。訂正するときは、理由を入力して聞き取りに戻してください"
        )
    return "この受付は今の状態では変更できません"


def _save(case: Case, current: Case, changes: dict[str, Any]) -> None:
    for name, value in changes.items():
        setattr(current, name, value)
        setattr(case, name, value)
    current.save(update_fields=list(changes))


def _audit(case: Case, actor: Staff | None, action: str, detail: dict[str, Any], address: str) -> None:
    audit_record(action=action, actor=actor, subject=case.subject, detail=detail, client_address=address)


def case_person_add(
    *,
    case: Case,
    role: str,
    actor: Staff,
    resident: Resident | None = None,
    typed: dict[str, Any] | None = None,
    client_address: str = "",
) -> CasePerson:
    """Add a person in a role: a register record, or a person typed in (not in the register)."""
    values = register_person_values(resident, typed or {})
    with transaction.atomic():
        current = _locked(case, _CONTENT_STAGES)
        if resident is not None and current.people.filter(role=role, resident=resident).exists():
            raise CounterError("この方はすでにこの立場で追加されています")
        order = current.people.filter(role=role).count()
        person = CasePerson.objects.create(case=case, role=role, resident=resident, order=order, **values)
        if role == "deceased" and current.event_date is None and resident is not None and resident.removed_on:
            # A 除票 for death carries the date of death as its 消除日.
            _save(case, current, {"event_date": resident.removed_on})
        subject = resident.subject if resident is not None else f"typed:{person.pk}"
        _audit(case, actor, "case.person_add", {"role": role, "person": subject}, client_address)
    return person


def person_details_seen(person: CasePerson) -> str:
    """Return the fingerprint of the applicant details a form shows."""
    return fingerprint([person.relationship, person.phone])


def case_person_details_record(
    *,
    case: Case,
    person_id: int,
    relationship: str,
    phone: str,
    seen: str,
    actor: Staff,
    client_address: str = "",
) -> None:
    """Record the applicant's 続柄 and phone number, which forms ask and the register cannot give."""
    with transaction.atomic():
        _locked(case, _CONTENT_STAGES)
        person = case.people.filter(pk=person_id).first()
        if person is None:
            raise StaleCaseError("この方はすでに外されています")
        if person_details_seen(person) != seen:
            raise StaleCaseError(STALE_MESSAGE)
        case.people.filter(pk=person_id).update(relationship=relationship, phone=phone)
        _audit(
            case, actor, "case.person_details", {"person": person_id, "fields": ["phone", "relationship"]},
            client_address,
        )  # fmt: skip


def case_person_remove(*, case: Case, person_id: int, actor: Staff, client_address: str = "") -> None:
    """Remove a person picked by mistake."""
    with transaction.atomic():
        _locked(case, _CONTENT_STAGES)
        removed, _ = case.people.filter(pk=person_id).delete()
        if not removed:
            raise StaleCaseError("この方はすでに外されています")
        _audit(case, actor, "case.person_remove", {"person": person_id}, client_address)


def details_seen(case: Case) -> str:
    """Return the fingerprint of the seat and event date a form shows."""
    return fingerprint([case.seat, case.event_date])


def case_details_record(
    *,
    case: Case,
    seat: str,
    event_date: dt.date | None,
    seen: str,
    actor: Staff,
    client_address: str = "",
) -> None:
    """Change the seat where the resident waits and the date of the event."""
    with transaction.atomic():
        current = _locked(case, _CONTENT_STAGES)
        if details_seen(current) != seen:
            raise StaleCaseError(STALE_MESSAGE)
        _save(case, current, {"seat": seat, "event_date": event_date})
        _audit(case, actor, "case.details", {"fields": ["event_date", "seat"]}, client_address)


def case_answer_record(*, case: Case, fact: str, value: Any, actor: Staff, client_address: str = "") -> None:
    """Record one answer (None = 「不明」), merged into the stored answers so parallel answers all stay."""
    case_answers_record(case=case, values={fact: value}, actor=actor, client_address=client_address)


def case_answers_record(
    *, case: Case, values: dict[str, Any], actor: Staff, client_address: str = ""
) -> None:
    """Record the answers of one question (a checklist gives several), all or none."""
    stored = {fact: _json_value(value) for fact, value in values.items()}
    with transaction.atomic():
        current = _locked(case, _CONTENT_STAGES)
        if any(fact in current.answers and current.answers[fact] != value for fact, value in stored.items()):
            raise StaleCaseError(
                "この質問には、先に他の職員（または別の画面）が回答しています。あなたの回答は保存していません。"
                "変えるときは「聞き直す」を押してください。"
            )
        _save(case, current, {"answers": {**current.answers, **stored}})
        facts = list(stored)
        one = len(facts) == 1
        detail = {"fact": facts[0], "unknown": values[facts[0]] is None} if one else {"facts": facts}
        _audit(case, actor, "case.answer", detail, client_address)


def case_answer_undo(*, case: Case, fact: str, actor: Staff, client_address: str = "") -> None:
    """Forget one answer so the question is asked again."""
    with transaction.atomic():
        current = _locked(case, _CONTENT_STAGES)
        answers = {k: v for k, v in current.answers.items() if k != fact}
        _save(case, current, {"answers": answers})
        _audit(case, actor, "case.answer_undo", {"fact": fact}, client_address)


def form_values_seen(case: Case) -> str:
    """Return the fingerprint of the form values a correction form shows."""
    return fingerprint(case.form_values)


def case_form_values_record(
    *,
    case: Case,
    values: dict[str, Any],
    actor: Staff,
    client_address: str = "",
    person_id: int | None = None,
    seen: str | None = None,
) -> None:
    """Record values the forms need (bank account, heir, funeral date …), merged path by path.

    With ``seen`` (``form_values_seen`` of what the correction form showed) the values replace the
    stored ones. With ``person_id`` they are that person's register data (one click): a value typed
    over them later is shown to staff beside the register's.
    """
    stored = {k: _json_value(v) for k, v in values.items()}
    with transaction.atomic():
        current = _locked(case, _CONTENT_STAGES)
        if seen is not None and form_values_seen(current) != seen:
            raise StaleCaseError(STALE_MESSAGE)
        if seen is None and any(
            k in current.form_values and current.form_values[k] != v for k, v in stored.items()
        ):
            raise StaleCaseError(STALE_MESSAGE)
        people = dict(current.form_people)
        if person_id is not None:
            people.update(dict.fromkeys(stored, person_id))
        _save(case, current, {"form_values": {**current.form_values, **stored}, "form_people": people})
        detail = {"paths": sorted(values), **({"corrected": True} if seen is not None else {})}
        _audit(case, actor, "case.form_values", detail, client_address)


def case_override_set(
    *,
    case: Case,
    procedure_id: str,
    status: str,
    reason: str,
    seen: str,
    actor: Staff,
    client_address: str = "",
) -> None:
    """Mark a procedure needed or not needed against the navigator, with the reason (or clear it)."""
    case_overrides_set(
        case=case,
        procedure_ids=[procedure_id],
        status=status,
        reason=reason,
        seen=seen,
        actor=actor,
        client_address=client_address,
    )


def case_overrides_set(
    *,
    case: Case,
    procedure_ids: Sequence[str],
    status: str,
    reason: str,
    seen: str,
    actor: Staff,
    client_address: str = "",
) -> None:
    """Decide several procedures at once with one reason (staff settling what is left 要確認)."""
    reason = reason.strip()
    if status != "auto" and not reason:
        raise CounterError("判定を変更する理由を入力してください")
    if not procedure_ids:
        raise CounterError("判定する手続を選んでください")
    with transaction.atomic():
        current = _locked(case, _CONTENT_STAGES)
        if fingerprint(current.overrides) != seen:
            raise StaleCaseError(STALE_MESSAGE)
        overrides = {k: v for k, v in current.overrides.items() if k not in procedure_ids}
        if status != "auto":
            entry = {"status": status, "reason": reason, "by": actor.get_username()}
            overrides.update(dict.fromkeys(procedure_ids, entry))
        _save(case, current, {"overrides": overrides})
        one = len(procedure_ids) == 1
        detail = {"procedure" if one else "procedures": procedure_ids[0] if one else list(procedure_ids)}
        _audit(case, actor, "case.override", {**detail, "status": status, "reason": reason}, client_address)


def case_note_replace(*, case: Case, notes: str, seen: str, actor: Staff, client_address: str = "") -> None:
    """Replace the staff's memo, unless someone changed it since the form was shown."""
    with transaction.atomic():
        current = _locked(case, _NOTE_STAGES)
        if fingerprint(current.notes) != seen:
            raise StaleCaseError(
                "メモは、先に他の職員（または別の画面）が書き換えました。あなたのメモは保存していません。"
                "新しいメモを確認して、書き足してください。"
            )
        _save(case, current, {"notes": notes})
        _audit(case, actor, "case.note", {}, client_address)


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _code_hash(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()


def case_finish_interview(*, case: Case, actor: Staff, client_address: str = "") -> str:
    """End the interview and return a fresh one-time code for the resident screen."""
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
    now = timezone.now()
    with transaction.atomic():
        current = _locked(case, (Case.Stage.INTERVIEW, Case.Stage.CONFIRMING))
        changes: dict[str, Any] = {
            "stage": Case.Stage.CONFIRMING,
            "confirm_code_hash": _code_hash(code),
            "confirm_code_expires": now + CODE_LIFETIME,
            "correction_requested": False,
        }
        if current.interview_finished_at is None:
            changes["interview_finished_at"] = now
        _save(case, current, changes)
        _audit(case, actor, "case.interview_finished", {}, client_address)
    return code


def case_reopen(*, case: Case, actor: Staff, reason: str = "", client_address: str = "") -> None:
    """Go back to the interview; after the resident confirmed only with a reason, voiding the confirmation."""
    reason = reason.strip()
    with transaction.atomic():
        current = _locked(case, (Case.Stage.CONFIRMING, Case.Stage.CONFIRMED))
        changes: dict[str, Any] = {
            "stage": Case.Stage.INTERVIEW,
            "confirm_code_hash": "",
            "confirm_code_expires": None,
        }
        if current.stage == Case.Stage.CONFIRMED:
            if not reason:
                raise CounterError("住民の方が確認した内容を訂正する理由を入力してください")
            # The resident confirmed what was shown then; a correction needs their confirmation again.
            changes |= {"resident_confirmed_at": None, "confirmed_facts": {}}
        voided = current.stage == Case.Stage.CONFIRMED
        _save(case, current, changes)
        _audit(case, actor, "case.reopen", {"reason": reason, "confirmation_voided": voided}, client_address)


WITHDRAWN_REASON = "受付の取消により取り下げ"
_LIVE_STAGES = (Case.Stage.INTERVIEW, Case.Stage.CONFIRMING, Case.Stage.CONFIRMED)


def case_cancel(*, case: Case, reason: str, actor: Staff, client_address: str = "") -> None:
    """Cancel an abandoned or mistaken case with the reason; its unfinished tasks are withdrawn."""
    reason = reason.strip()
    if not reason:
        raise CounterError("取り消す理由を入力してください")
    with transaction.atomic():
        current = _locked(case, _LIVE_STAGES)
        withdrawn = _cancel(case, current, reason=reason, merged_into=None)
        _audit(case, actor, "case.cancel", {"reason": reason, "tasks_withdrawn": withdrawn}, client_address)


def _cancel(case: Case, current: Case, *, reason: str, merged_into: Case | None) -> list[str]:
    """Mark the locked case cancelled, withdraw its unfinished tasks; return the withdrawn task subjects."""
    open_tasks = Task.objects.filter(case_id=case.pk).exclude(status__in=Task.FINISHED)
    withdrawn = [f"task:{pk}" for pk in open_tasks.values_list("pk", flat=True)]
    open_tasks.update(
        status=Task.Status.NOT_NEEDED,
        reason=WITHDRAWN_REASON,
        finished_at=timezone.now(),
        version=F("version") + 1,
    )
    changes: dict[str, Any] = {
        "stage": Case.Stage.CANCELLED,
        "cancelled_at": timezone.now(),
        "cancel_reason": reason,
        "merged_into": merged_into,
        "confirm_code_hash": "",
        "confirm_code_expires": None,
    }
    _save(case, current, changes)
    return withdrawn


def case_merge(*, duplicate: Case, original: Case, actor: Staff, client_address: str = "") -> None:
    """Merge a duplicate case into the original and cancel the duplicate with a pointer to it.

    People, answers and form values move where the original lacks them; the duplicate's memo is
    added to the original's. The original must still be in the interview (its content changes).
    """
    if duplicate.pk == original.pk:
        raise CounterError("統合先には、この受付とは別の受付番号を入力してください")
    with transaction.atomic():
        # Lock both rows in a fixed order so two merges cannot deadlock each other.
        first, second = sorted((duplicate, original), key=lambda c: c.pk)
        locked = {first.pk: Case.objects.select_for_update().get(pk=first.pk)}
        locked[second.pk] = Case.objects.select_for_update().get(pk=second.pk)
        dup, orig = locked[duplicate.pk], locked[original.pk]
        if dup.stage not in _LIVE_STAGES:
            raise CounterError(_stage_message(dup))
        if orig.stage != Case.Stage.INTERVIEW:
            raise CounterError(
                f"統合先の受付 {orig.number} は聞き取り中ではありません（{orig.get_stage_display()}）。"
                "統合先を聞き取りに戻してから統合してください"
            )
        moved = _merge_people(dup, orig)
        answers = {k: v for k, v in dup.answers.items() if k not in orig.answers}
        values = {k: v for k, v in dup.form_values.items() if k not in orig.form_values}
        changes: dict[str, Any] = {
            "answers": {**orig.answers, **answers},
            "form_values": {**orig.form_values, **values},
        }
        if dup.notes.strip() and dup.notes.strip() not in orig.notes:
            changes["notes"] = f"{orig.notes}\n（受付 {dup.number} から）{dup.notes.strip()}".strip()
        if orig.event_date is None and dup.event_date is not None:
            changes["event_date"] = dup.event_date
        _save(original, orig, changes)
        withdrawn = _cancel(duplicate, dup, reason=f"受付 {orig.number} に統合", merged_into=orig)
        detail = {
            "duplicate": duplicate.subject,
            "original": original.subject,
            "people": moved,
            "answers": sorted(answers),
            "form_values": sorted(values),
            "tasks_withdrawn": withdrawn,
        }
        _audit(original, actor, "case.merge", detail, client_address)
        _audit(
            duplicate,
            actor,
            "case.cancel",
            {"reason": "merged", "merged_into": original.subject},
            client_address,
        )


def _merge_people(dup: Case, orig: Case) -> list[int]:
    """Move the duplicate's people the original lacks (same role and register record, or same typed name)."""
    have = {(p.role, p.resident_id or p.name) for p in orig.people.all()}
    counts: dict[str, int] = {}
    for p in orig.people.all():
        counts[p.role] = counts.get(p.role, 0) + 1
    moved = []
    for person in dup.people.all():
        key = (person.role, person.resident_id or person.name)
        if key in have:
            continue
        have.add(key)
        person.case = orig
        person.order = counts.get(person.role, 0)
        counts[person.role] = person.order + 1
        person.save(update_fields=["case", "order"])
        moved.append(person.pk)
    return moved


def screen_open(*, code: str, address: str) -> Case | None:
    """Return the case awaiting confirmation with this code; count failures per client address."""
    now = timezone.now()
    with transaction.atomic():
        recent = ScreenFailure.objects.filter(address=address, at__gte=now - SCREEN_FAILURE_WINDOW).count()
        if recent >= SCREEN_MAX_FAILURES:
            raise CounterError(
                "確認番号の入力誤りが続いたため、しばらく受け付けません。職員にお知らせください"
            )
        # Full-width digits, spaces and hyphens as residents type them: ０１２ ３４５, 012-345.
        digits = code_digits(code)
        case = Case.objects.filter(
            stage=Case.Stage.CONFIRMING, confirm_code_hash=_code_hash(digits), confirm_code_expires__gte=now
        ).first()
        if case is None:
            ScreenFailure.objects.create(address=address, at=now)
            audit_record(action="screen.code_refused", actor=None, client_address=address)
            return None
        # One-time: the code cannot open the screen on a second device.
        Case.objects.filter(pk=case.pk).update(confirm_code_hash="")
        audit_record(action="screen.open", actor=None, subject=case.subject, client_address=address)
    return case


def case_resident_confirm(*, case: Case, client_address: str = "") -> Case:
    """Record the resident's 「この内容でよろしい」, snapshot facts and route one task per procedure."""
    state = case_state(case)
    now = timezone.now()
    with transaction.atomic():
        updated = Case.objects.filter(pk=case.pk, stage=Case.Stage.CONFIRMING).update(
            stage=Case.Stage.CONFIRMED,
            resident_confirmed_at=now,
            confirm_code_hash="",
            pack_id=state.pack.id,
            pack_version=state.pack.version,
            confirmed_facts=state.facts.to_json(),
        )
        if not updated:
            raise CounterError("この内容はすでに確定したか、職員が訂正中です")
        tasks_sync(case=case, pack=state.pack, procedures=state.procedures)
        audit_record(
            action="case.resident_confirmed", actor=None, subject=case.subject, client_address=client_address
        )
        case_close_if_done(case_id=case.pk, client_address=client_address)
    case.refresh_from_db()
    return case


def case_request_correction(*, case: Case, client_address: str = "") -> None:
    """Send the case back to staff: the resident wants something corrected."""
    with transaction.atomic():
        Case.objects.filter(pk=case.pk, stage=Case.Stage.CONFIRMING).update(
            stage=Case.Stage.INTERVIEW, correction_requested=True, confirm_code_hash=""
        )
        audit_record(
            action="case.correction_requested",
            actor=None,
            subject=case.subject,
            client_address=client_address,
        )


def department_for(pack: Pack, pack_department: str) -> Department:
    """Return the Department row of a pack department, creating it from the pack when missing."""
    spec = pack.departments[pack_department]
    slug = pack_department.replace("_", "-")
    found = (
        Department.objects.filter(code__in=[pack_department, slug]).first()
        or Department.objects.filter(name=spec.name).first()
    )
    if found is not None:
        return found
    return department_create(code=slug, name=spec.name, order=100 + spec.order, actor=None)


def tasks_sync(*, case: Case, pack: Pack, procedures: Sequence[ProcedureResult]) -> None:
    """Create a task per required in-house procedure; close open tasks no longer required."""
    wanted = [p for p in procedures if p.status == Status.REQUIRED and not p.outside_city_hall]
    existing = {t.procedure_id: t for t in case.tasks.all()}
    for order, procedure in enumerate(wanted):
        if procedure.id not in existing:
            Task.objects.create(
                case=case,
                procedure_id=procedure.id,
                procedure_name=procedure.name,
                order=order,
                department=department_for(pack, procedure.department),
                needs=procedure_json(procedure),
            )
    ids = {p.id for p in wanted}
    stale = [t.pk for pid, t in existing.items() if pid not in ids and t.status == Task.Status.OPEN]
    Task.objects.filter(pk__in=stale).update(
        status=Task.Status.NOT_NEEDED,
        reason="聞き取りの訂正により不要",
        finished_at=timezone.now(),
        version=F("version") + 1,
    )


_TRANSITIONS = {
    "take": ((Task.Status.OPEN, Task.Status.TAKEN), Task.Status.TAKEN),
    "complete": ((Task.Status.OPEN, Task.Status.TAKEN), Task.Status.DONE),
    "not_needed": ((Task.Status.OPEN, Task.Status.TAKEN), Task.Status.NOT_NEEDED),
    "defer": ((Task.Status.OPEN, Task.Status.TAKEN), Task.Status.DEFERRED),
    "reopen": ((Task.Status.DONE, Task.Status.NOT_NEEDED, Task.Status.DEFERRED), Task.Status.TAKEN),
}


def task_act(
    *,
    task: Task,
    action: str,
    version: int,
    actor: Staff,
    reason: str = "",
    follow_up_on: dt.date | None = None,
    client_address: str = "",
) -> Task:
    """Take, complete, mark 対象外 or defer a task, only if nobody changed it since `version`."""
    allowed, target = _TRANSITIONS[action]
    _check_task_input(action, reason, follow_up_on)
    now = timezone.now()
    changes: dict[str, Any] = {"status": target, "version": version + 1, "assignee": actor}
    if action in ("take", "reopen"):
        changes |= {"taken_at": now, "finished_at": None}
    else:
        changes |= {"finished_at": now, "reason": reason.strip(), "follow_up_on": follow_up_on}
    with transaction.atomic():
        # Optimistic lock: the row changes only if its version is still the one the staff saw.
        updated = Task.objects.filter(pk=task.pk, version=version, status__in=allowed).update(**changes)
        if not updated:
            raise StaleTaskError(_stale_message(task.pk))
        Task.objects.filter(pk=task.pk, taken_at__isnull=True).update(taken_at=now)
        audit_record(
            action=f"task.{action}",
            actor=actor,
            subject=f"task:{task.pk}",
            client_address=client_address,
            detail={"case": f"case:{task.case_id}", "procedure": task.procedure_id, "reason": reason.strip()},
        )
        case_close_if_done(case_id=task.case_id, client_address=client_address)
    task.refresh_from_db()
    return task


def _check_task_input(action: str, reason: str, follow_up_on: dt.date | None) -> None:
    if action == "not_needed" and not reason.strip():
        raise CounterError("対象外とする理由を入力してください")
    if action == "defer" and follow_up_on is None:
        raise CounterError("後日対応する日を入力してください（例: 令和8年12月10日）")
    if action == "defer" and follow_up_on is not None and follow_up_on < timezone.localdate():
        raise CounterError("後日対応する日が今日より前です")


def _stale_message(task_id: int) -> str:
    current = Task.objects.select_related("assignee").filter(pk=task_id).first()
    if current is None:
        return "この手続は見つかりません"
    who = f"{current.assignee}さん" if current.assignee else "他の職員"
    return (
        f"この手続は、先に{who}が「{current.get_status_display()}」にしました。"
        "あなたの操作は反映していません。画面の内容を確認してください。"
    )


def case_close_if_done(*, case_id: int, client_address: str = "") -> bool:
    """Close the case when every task is done or not needed; return whether it closed.

    A deferred task keeps the case open (follow-up); procedures outside city hall are no tasks.
    """
    tasks = Task.objects.filter(case_id=case_id)
    if tasks.exclude(status__in=Task.SETTLED).exists():
        return False
    closed = Case.objects.filter(pk=case_id, stage=Case.Stage.CONFIRMED).update(
        stage=Case.Stage.CLOSED, closed_at=timezone.now()
    )
    if closed:
        audit_record(
            action="case.close", actor=None, subject=f"case:{case_id}", client_address=client_address
        )
        case_figure_record(case_id=case_id)  # the dashboard reads stored figures only
    return bool(closed)
