"""Print the booking confirmation sheet (予約確認票) and a department's pre-printed forms."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from madoguchi.audit.services import audit_record
from madoguchi.counter.declared import register_person_values
from madoguchi.counter.models import CasePerson
from madoguchi.counter.packs import current_layouts, current_pack, font_paths
from madoguchi.counter.printing import forms_data
from madoguchi.counter.state import prints_form
from madoguchi.domain.belongings import Need
from madoguchi.domain.belongings import things_to_bring as belongings_to_bring
from madoguchi.domain.documents import font_set, render_bundle
from madoguchi.domain.documents.compose import PageSpec, compose
from madoguchi.domain.documents.sheets import page_drawers
from madoguchi.domain.navigator import ProcedureResult, Status
from madoguchi.domain.okuyami import Confirmation, confirmation_lines
from madoguchi.okuyami.models import Booking, Preparation
from madoguchi.okuyami.selectors import booking_facts, expected_procedures

if TYPE_CHECKING:
    from madoguchi.accounts.models import Staff


def things_to_bring(booking: Booking) -> tuple[str, ...]:
    """Return what the family brings for the procedures surely needed: merged, plain names, no forms."""
    needs = [Need(p.name, p.documents) for p in expected_procedures(booking) if p.status == Status.REQUIRED]
    return tuple(item.text() for item in belongings_to_bring(needs))


def confirmation_sheet(booking: Booking, today: dt.date) -> Confirmation:
    """Return the confirmation sheet's content for a booking."""
    start = dt.datetime.combine(booking.day, booking.start)
    end = (start + dt.timedelta(minutes=booking.corner.slot_minutes)).time()
    return Confirmation(
        municipality=current_pack().municipality_name,
        corner=booking.corner.name,
        place=booking.corner.place,
        phone=booking.corner.phone,
        day=booking.day,
        start=booking.start,
        end=end,
        deceased=booking.deceased.name,
        attendees=booking.attendees,
        bring=things_to_bring(booking),
        number=f"Y-{booking.pk:05d}",
        today=today,
    )


def confirmation_pdf(
    *, booking: Booking, actor: Staff, client_address: str = "", disclosed: dict[str, Any] | None = None
) -> bytes:
    """Draw the confirmation sheet (A4, embedded IPAex Gothic) and audit the print."""
    fonts = font_set(font_paths())
    lines = confirmation_lines(confirmation_sheet(booking, timezone.localdate()))
    pages = [PageSpec(None, draw) for draw in page_drawers(lines, fonts)]
    composed = compose(pages, fonts, title=f"おくやみコーナー ご予約の確認 Y-{booking.pk:05d}")
    audit_record(
        action="booking.print",
        actor=actor,
        subject=booking.subject,
        detail={"kind": "confirmation", **(disclosed or {})},
        client_address=client_address,
    )
    return composed.pdf


class PrintRefused(ValueError):
    """A pre-print the preparation cannot give; the message is Japanese and names the procedure."""


def preparation_printable(preparation: Preparation) -> list[ProcedureResult]:
    """Return the preparation's procedures whose forms the department may pre-print.

    A procedure counts when the department did not mark it 対象外 (該当, or still expected) and the
    counter prints a form of it.
    """
    own = {row["id"] for row in preparation.procedures}
    return [
        p
        for p in expected_procedures(preparation.booking)
        if p.id in own and preparation.findings.get(p.id, {}).get("applies") is not False and prints_form(p)
    ]


def preparation_choice(preparation: Preparation, procedure_id: str | None) -> list[ProcedureResult]:
    """Return the procedures to print (one, or all printable when none is named), or raise PrintRefused."""
    printable = preparation_printable(preparation)
    if procedure_id is None:
        if not printable:
            raise PrintRefused("この課の準備には、前もって印刷できる様式がありません")
        return printable
    chosen = next((p for p in printable if p.id == procedure_id), None)
    if chosen is not None:
        return [chosen]
    procedure = current_pack().procedures.get(procedure_id)
    if procedure is None:
        raise PrintRefused(f"手続「{procedure_id[:40]}」は手続パックにありません")
    row = next((r for r in preparation.procedures if r["id"] == procedure_id), None)
    if row is None:
        department = current_pack().departments.get(procedure.department)
        owner = department.name if department else procedure.department
        raise PrintRefused(f"「{procedure.name}」は{owner}の手続のため、この準備からは印刷できません")
    if preparation.findings.get(procedure_id, {}).get("applies") is False:
        raise PrintRefused(f"「{procedure.name}」は対象外にしたため印刷できません")
    raise PrintRefused(f"「{procedure.name}」には窓口で印刷する様式がありません")


def preparation_data(booking: Booking) -> dict[str, Any]:
    """Return the forms' data before the visit: the deceased from the register, the family as told."""
    deceased = booking.deceased
    people: Sequence[CasePerson] = (
        CasePerson(role="deceased", resident=deceased, **register_person_values(deceased, {})),
        CasePerson(
            role="applicant",
            **register_person_values(
                None,
                {
                    "name": booking.contact_name,
                    "relationship": booking.contact_relationship,
                    "phone": booking.contact_phone,
                },
            ),
        ),
    )
    death = current_pack().events.get("death")
    return forms_data(
        facts=booking_facts(booking),
        date_facts={death.date_fact} if death else set(),
        people=people,
        answers=booking.answers,
        form_values={},
        case_number=f"Y-{booking.pk:05d}",
    )


def preparation_forms_pdf(
    *,
    preparation: Preparation,
    procedures: Sequence[ProcedureResult],
    actor: Staff,
    client_address: str = "",
    disclosed: dict[str, Any] | None = None,
) -> bytes:
    """Render the chosen procedures' forms through the counter's bundle renderer and audit the print."""
    pack = current_pack()
    bundle = render_bundle(
        [dataclasses.replace(p, status=Status.REQUIRED) for p in procedures],
        current_layouts(),
        preparation_data(preparation.booking),
        today=timezone.localdate(),
        department_order={d: i for i, d in enumerate(pack.departments)},
        title=f"事前準備 {preparation.department.name}",
        municipality=pack.municipality_name,
        events=pack.events,
        fonts=font_paths(),
    )
    audit_record(
        action="document.print",
        actor=actor,
        subject=preparation.subject,
        client_address=client_address,
        detail={
            "kind": "preparation_forms",
            "booking": preparation.booking.subject,
            "procedures": [p.id for p in procedures],
            "forms": [f["form_id"] for f in bundle.report.get("forms", [])],
            "pages": bundle.pages,
            **(disclosed or {}),
        },
    )
    return bundle.pdf
