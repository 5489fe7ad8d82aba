"""Print the handbook and export its calendar; each is audited like every other print of personal data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from madoguchi.audit.services import audit_record
from madoguchi.counter.models import Case
from madoguchi.counter.packs import font_paths
from madoguchi.domain.documents.deadlines_calendar import deadline_calendar
from madoguchi.domain.documents.handbook import render_handbook
from madoguchi.handbook.selectors import case_handbook

if TYPE_CHECKING:
    from madoguchi.accounts.models import Staff


def handbook_print(
    *, case: Case, actor: Staff, client_address: str = "", disclosed: dict[str, Any] | None = None
) -> bytes:
    """Render the family's handbook (PDF) and audit the print."""
    book = case_handbook(case)
    pdf = render_handbook(book, font_paths())
    _audit(case, actor, client_address, "handbook", len(book.remaining), disclosed)
    return pdf


def handbook_calendar_export(
    *, case: Case, actor: Staff, client_address: str = "", disclosed: dict[str, Any] | None = None
) -> bytes:
    """Return the .ics of the handbook's deadlines and audit the export."""
    book = case_handbook(case)
    ics = deadline_calendar(book)
    _audit(case, actor, client_address, "handbook_calendar", len(book.remaining), disclosed)
    return ics


def _audit(
    case: Case, actor: Staff, client_address: str, kind: str, items: int, disclosed: dict[str, Any] | None
) -> None:
    audit_record(
        action="document.print",
        actor=actor,
        subject=case.subject,
        client_address=client_address,
        detail={"kind": kind, "items": items, **(disclosed or {})},
    )
