"""Writes of the bereavement corner: book, reschedule, cancel, no-show, prepare, arrive, leave.

Every function takes keyword-only arguments, runs in one transaction and writes an audit entry
with ids and field names only, never the personal values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from madoguchi.audit.services import audit_record
from madoguchi.counter import services as counter
from madoguchi.counter.models import Case
from madoguchi.counter.packs import current_pack
from madoguchi.counter.services import department_for
from madoguchi.domain.okuyami import SlotProblem, check_slot
from madoguchi.okuyami.models import Booking, Corner, Preparation
from madoguchi.okuyami.selectors import prepared_procedures

if TYPE_CHECKING:
    from madoguchi.accounts.models import Staff
    from madoguchi.registry.models import Resident


class BookingError(ValueError):
    """A booking the rules refuse; `field` is the form field the Japanese message belongs beside."""

    def __init__(self, problem: SlotProblem) -> None:
        super().__init__(problem.message)
        self.field = problem.field
        self.code = problem.code


class StalePreparationError(ValueError):
    """Someone saved the preparation first; the message is Japanese."""


@dataclass(frozen=True)
class Family:
    """What staff record on the phone about the family and what they know."""

    contact_name: str
    contact_phone: str
    contact_relationship: str = ""
    attendees: str = ""
    mourner: str = ""
    heirs: str = ""
    notes: str = ""


def _now(now: dt.datetime | None) -> dt.datetime:
    return timezone.localtime(now or timezone.now()).replace(tzinfo=None)


def _take_seat(corner: Corner, day: dt.date, start: dt.time, now: dt.datetime, moving: int | None) -> int:
    """Return a free seat of the slot, or raise BookingError; call inside the writing transaction."""
    held = Booking.objects.filter(corner=corner, day=day, start=start).exclude(
        status=Booking.Status.CANCELLED
    )
    if moving is not None:
        held = held.exclude(pk=moving)
    taken = set(held.values_list("seat", flat=True))
    problems = check_slot(corner.rules(), day, start, now=now, booked=len(taken))
    if problems:
        raise BookingError(problems[0])
    return min(set(range(1, corner.seats + 1)) - taken)


def _full(day: dt.date, start: dt.time) -> BookingError:
    return BookingError(
        SlotProblem("time", "full", f"{start:%H:%M} の枠は、たった今ほかの予約で埋まりました")
    )


def booking_create(
    *,
    corner: Corner,
    day: dt.date,
    start: dt.time,
    deceased: Resident,
    death_date: dt.date,
    family: Family,
    answers: dict[str, Any],
    actor: Staff,
    now: dt.datetime | None = None,
    client_address: str = "",
) -> Booking:
    """Book a seat for the family and create each expected department's preparation.

    The unique constraint on the seat decides a race; the loser retries on the next free seat.
    """
    when = _now(now)
    for _ in range(corner.seats + 1):
        try:
            with transaction.atomic():
                seat = _take_seat(corner, day, start, when, None)
                booking = Booking.objects.create(
                    corner=corner,
                    day=day,
                    start=start,
                    seat=seat,
                    deceased=deceased,
                    death_date=death_date,
                    answers=answers,
                    booked_by=actor,
                    **family.__dict__,
                )
                created = _preparations_create(booking)
                audit_record(
                    action="booking.create",
                    actor=actor,
                    subject=booking.subject,
                    detail={
                        "deceased": deceased.subject,
                        "preparations": created,
                        "answers": sorted(answers),
                    },
                    client_address=client_address,
                )
                return booking
        except IntegrityError:
            continue
    raise _full(day, start)


def _preparations_create(booking: Booking) -> list[str]:
    """Create one preparation per department with a procedure to prepare; return their subjects."""
    pack = current_pack()
    rows: dict[str, list[dict[str, str]]] = {}
    for result in prepared_procedures(booking):
        rows.setdefault(result.department, []).append(
            {"id": result.id, "name": result.name, "status": str(result.status)}
        )
    made = []
    for department_key, procedures in rows.items():
        preparation = Preparation.objects.create(
            booking=booking, department=department_for(pack, department_key), procedures=procedures
        )
        made.append(preparation.subject)
    return made


def booking_reschedule(
    *,
    booking: Booking,
    day: dt.date,
    start: dt.time,
    actor: Staff,
    now: dt.datetime | None = None,
    client_address: str = "",
) -> Booking:
    """Move a booking to another slot; the old seat is freed by the same write."""
    when = _now(now)
    for _ in range(booking.corner.seats + 1):
        try:
            with transaction.atomic():
                current = Booking.objects.select_for_update().get(pk=booking.pk)
                _require(current, (Booking.Status.BOOKED,), "日時を変更")
                seat = _take_seat(current.corner, day, start, when, current.pk)
                before = f"{current.day} {current.start:%H:%M}"
                Booking.objects.filter(pk=current.pk).update(
                    day=day, start=start, seat=seat, version=F("version") + 1
                )
                audit_record(
                    action="booking.reschedule",
                    actor=actor,
                    subject=booking.subject,
                    detail={"from": before, "to": f"{day} {start:%H:%M}"},
                    client_address=client_address,
                )
            booking.refresh_from_db()
            return booking
        except IntegrityError:
            continue
    raise _full(day, start)


def _require(booking: Booking, statuses: tuple[str, ...], doing: str) -> None:
    if booking.status not in statuses:
        raise BookingError(
            SlotProblem(
                "status", "status", f"この予約は「{booking.get_status_display()}」のため{doing}できません"
            )
        )


def booking_cancel(*, booking: Booking, reason: str, actor: Staff, client_address: str = "") -> None:
    """Cancel a booking with the reason; its seat is free again and preparations are withdrawn."""
    reason = reason.strip()
    if not reason:
        raise BookingError(SlotProblem("reason", "reason", "取り消す理由を入力してください"))
    with transaction.atomic():
        current = Booking.objects.select_for_update().get(pk=booking.pk)
        _require(current, (Booking.Status.BOOKED,), "取り消し")
        Booking.objects.filter(pk=current.pk).update(
            status=Booking.Status.CANCELLED, cancelled_at=timezone.now(), cancel_reason=reason
        )
        current.preparations.filter(status=Preparation.Status.OPEN).update(
            status=Preparation.Status.WITHDRAWN
        )
        audit_record(
            action="booking.cancel",
            actor=actor,
            subject=booking.subject,
            detail={"reason": reason},
            client_address=client_address,
        )
    booking.refresh_from_db()


def booking_no_show(*, booking: Booking, actor: Staff, client_address: str = "") -> None:
    """Record that the family did not come (the seat stays counted for that past slot)."""
    with transaction.atomic():
        current = Booking.objects.select_for_update().get(pk=booking.pk)
        _require(current, (Booking.Status.BOOKED,), "来庁なしに")
        Booking.objects.filter(pk=current.pk).update(status=Booking.Status.NO_SHOW)
        audit_record(
            action="booking.no_show", actor=actor, subject=booking.subject, client_address=client_address
        )
    booking.refresh_from_db()


def preparation_record(
    *,
    preparation: Preparation,
    findings: dict[str, dict[str, Any]],
    notes: str,
    done: bool,
    version: int,
    actor: Staff,
    client_address: str = "",
) -> Preparation:
    """Save a department's findings (which procedures apply, notes, amounts); `done` marks it prepared."""
    known = {row["id"] for row in preparation.procedures}
    clean = {pid: value for pid, value in findings.items() if pid in known}
    changes: dict[str, Any] = {"findings": clean, "notes": notes.strip(), "version": version + 1}
    if done:
        changes |= {
            "status": Preparation.Status.DONE,
            "prepared_by": actor,
            "prepared_at": timezone.now(),
        }
    with transaction.atomic():
        updated = Preparation.objects.filter(
            pk=preparation.pk,
            version=version,
            status__in=(Preparation.Status.OPEN, Preparation.Status.DONE),
            booking__status=Booking.Status.BOOKED,
        ).update(**changes)
        if not updated:
            raise StalePreparationError(
                "この準備は、先に他の職員が保存したか、予約が取り消されています。あなたの変更は保存していません。"
                "画面を開き直して確認してください"
            )
        audit_record(
            action="preparation.done" if done else "preparation.save",
            actor=actor,
            subject=preparation.subject,
            detail={"booking": f"booking:{preparation.booking_id}", "procedures": sorted(clean)},
            client_address=client_address,
        )
    preparation.refresh_from_db()
    return preparation


def booking_arrive(*, booking: Booking, actor: Staff, client_address: str = "") -> Case:
    """Start the visit: a counter case with the deceased, the family, the answers and the findings in.

    Pre-interview answers become the case's answers; each department's finding becomes a staff
    override (該当 → 必要, 対象外 → 不要) so the interview asks only what is still open.
    Opening an arrived booking again returns its case.
    """
    with transaction.atomic():
        current = Booking.objects.select_for_update().get(pk=booking.pk)
        if current.status == Booking.Status.ARRIVED and current.case is not None:
            return current.case
        _require(current, (Booking.Status.BOOKED,), "来庁受付を開始")
        case = _case_from_booking(current, actor, client_address)
        Booking.objects.filter(pk=current.pk).update(
            status=Booking.Status.ARRIVED, arrived_at=timezone.now(), case=case
        )
        audit_record(
            action="booking.arrive",
            actor=actor,
            subject=booking.subject,
            detail={"case": case.subject},
            client_address=client_address,
        )
    booking.refresh_from_db()
    return case


def _case_from_booking(booking: Booking, actor: Staff, address: str) -> Case:
    seat = f"{booking.corner.name} {booking.seat}番"[:40]
    case = counter.case_open(
        actor=actor, events=["death"], seat=seat, event_date=booking.death_date, client_address=address
    )
    counter.case_person_add(
        case=case, role="deceased", resident=booking.deceased, actor=actor, client_address=address
    )
    applicant = {
        "name": booking.contact_name,
        "relationship": booking.contact_relationship,
        "phone": booking.contact_phone,
    }
    counter.case_person_add(case=case, role="applicant", typed=applicant, actor=actor, client_address=address)
    for fact, value in booking.answers.items():
        counter.case_answer_record(case=case, fact=fact, value=value, actor=actor, client_address=address)
    preparations = booking.preparations.exclude(status=Preparation.Status.WITHDRAWN).select_related(
        "department"
    )
    for preparation in preparations:
        for pid, finding in preparation.findings.items():
            if finding.get("applies") is None:
                continue
            status = "required" if finding["applies"] else "not_needed"
            counter.case_override_set(
                case=case,
                procedure_id=pid,
                status=status,
                reason=f"{preparation.department.name}の事前確認",
                seen=counter.fingerprint(case.overrides),
                actor=actor,
                client_address=address,
            )
    notes = visit_notes(booking, list(preparations))
    if notes:
        counter.case_note_replace(
            case=case, notes=notes, seen=counter.fingerprint(case.notes), actor=actor, client_address=address
        )
    return case


def visit_notes(booking: Booking, preparations: list[Preparation]) -> str:
    """Return the memo the counter starts with: who is the 喪主 and heirs, and each department's notes."""
    lines = [f"【予約時】喪主: {booking.mourner}" if booking.mourner else ""]
    lines.append(f"【予約時】相続人: {booking.heirs}" if booking.heirs else "")
    lines.append(f"【予約時】{booking.notes}" if booking.notes else "")
    for preparation in preparations:
        lines += [f"【{preparation.department.name}】{line}" for line in preparation.finding_lines()]
        if preparation.notes:
            lines.append(f"【{preparation.department.name}】{preparation.notes}")
    return "\n".join(line for line in lines if line)[:2000]


def booking_leave(*, booking: Booking, actor: Staff, client_address: str = "") -> None:
    """Record that the family left the corner (the visit's end, for measurement)."""
    with transaction.atomic():
        current = Booking.objects.select_for_update().get(pk=booking.pk)
        _require(current, (Booking.Status.ARRIVED,), "退庁に")
        Booking.objects.filter(pk=current.pk).update(status=Booking.Status.LEFT, left_at=timezone.now())
        audit_record(
            action="booking.leave", actor=actor, subject=booking.subject, client_address=client_address
        )
    booking.refresh_from_db()


@dataclass(frozen=True)
class CornerSettings:
    """A corner's booking settings as an operator gives them."""

    name: str
    place: str
    phone: str
    weekdays: tuple[int, ...]
    opens: dt.time
    closes: dt.time
    slot_minutes: int
    seats: int
    lead_days: int


def corner_save(*, settings: CornerSettings, actor: Staff | None, client_address: str = "") -> Corner:
    """Create the corner or change its settings (by name); existing bookings keep their seats."""
    if not settings.weekdays or settings.opens >= settings.closes or not 5 <= settings.slot_minutes <= 480:
        raise ValueError("開設曜日・受付時間（開始が終了より前）・1枠の長さ（5〜480分）を確かめてください")
    if not 1 <= settings.seats <= 20 or not 0 <= settings.lead_days <= 30:
        raise ValueError("席数は1〜20、予約の締切は0〜30開庁日前で指定してください")
    values = {k: v for k, v in settings.__dict__.items() if k != "name"}
    values["weekdays"] = sorted(set(settings.weekdays))
    with transaction.atomic():
        corner, created = Corner.objects.update_or_create(name=settings.name, defaults=values)
        audit_record(
            action="corner.save",
            actor=actor,
            subject=f"corner:{corner.pk}",
            detail={"created": created, "fields": sorted(values)},
            client_address=client_address,
        )
    return corner


def closure_set(
    *, corner: Corner, day: dt.date, reason: str, closed: bool, actor: Staff | None, client_address: str = ""
) -> None:
    """Declare a city closure of the corner on the day (or withdraw it); bookings on it are not moved."""
    with transaction.atomic():
        if closed:
            corner.closures.update_or_create(day=day, defaults={"reason": reason[:100]})
        else:
            corner.closures.filter(day=day).delete()
        audit_record(
            action="corner.closure_add" if closed else "corner.closure_remove",
            actor=actor,
            subject=f"corner:{corner.pk}",
            detail={"day": day.isoformat(), "reason": reason},
            client_address=client_address,
        )
