"""Print the booking confirmation sheet (予約確認票) through the documents renderer."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from madoguchi.audit.services import audit_record
from madoguchi.counter.packs import current_pack, font_paths
from madoguchi.domain.belongings import Need
from madoguchi.domain.belongings import things_to_bring as belongings_to_bring
from madoguchi.domain.documents import font_set
from madoguchi.domain.documents.compose import PageSpec, compose
from madoguchi.domain.documents.sheets import page_drawers
from madoguchi.domain.navigator import Status
from madoguchi.domain.okuyami import Confirmation, confirmation_lines
from madoguchi.okuyami.models import Booking
from madoguchi.okuyami.selectors import expected_procedures

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
