"""Downloads for counter staff: the family's handbook (PDF) and its calendar of deadlines (.ics)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from madoguchi.accounts.requests import staff_of
from madoguchi.audit.services import client_address_of
from madoguchi.counter.models import Case
from madoguchi.counter.selectors import case_disclosure
from madoguchi.counter.views import counter_view, with_case
from madoguchi.handbook.selectors import READY_STAGES
from madoguchi.handbook.services import handbook_calendar_export, handbook_print

if TYPE_CHECKING:
    from madoguchi.accounts.models import Staff


@counter_view
@require_GET
@with_case
def handbook_pdf(request: HttpRequest, case: Case) -> HttpResponse:
    staff = _ready(request, case)
    pdf = handbook_print(
        case=case,
        actor=staff,
        client_address=client_address_of(request),
        disclosed=case_disclosure(case, staff).audit_detail(),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="handbook-{case.number}.pdf"'
    return response


@counter_view
@require_GET
@with_case
def handbook_ics(request: HttpRequest, case: Case) -> HttpResponse:
    staff = _ready(request, case)
    ics = handbook_calendar_export(
        case=case,
        actor=staff,
        client_address=client_address_of(request),
        disclosed=case_disclosure(case, staff).audit_detail(),
    )
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="deadlines-{case.number}.ics"'
    return response


def _ready(request: HttpRequest, case: Case) -> Staff:
    """Return the signed-in staff member; a case not yet confirmed by the resident has no handbook."""
    if case.stage not in READY_STAGES:
        raise Http404
    return staff_of(request)
