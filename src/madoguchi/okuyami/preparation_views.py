"""Department staff pages: the preparations routed to their departments, and one preparation."""

from __future__ import annotations

from typing import Any

import jaconv
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from madoguchi.accounts.requests import staff_of
from madoguchi.audit.services import audit_request, client_address_of
from madoguchi.counter.selectors import staff_department_ids
from madoguchi.okuyami import services
from madoguchi.okuyami.models import Preparation
from madoguchi.okuyami.printing import (
    PrintRefused,
    preparation_choice,
    preparation_forms_pdf,
    preparation_printable,
)
from madoguchi.okuyami.selectors import booking_disclosure, booking_visible, preparations_for
from madoguchi.registry.visibility import PLACEHOLDER, RESTRICTED_CASE_MESSAGE

TASK_PERMISSION = "accounts.work_department_tasks"
APPLIES = {"yes": True, "no": False}


def department_view(view: Any) -> Any:
    """Require a signed-in member of department staff."""
    return login_required(permission_required(TASK_PERMISSION, raise_exception=True)(view))


@department_view
@require_http_methods(["GET"])
def preparation_list(request: HttpRequest) -> HttpResponse:
    staff = staff_of(request)
    rows = [
        (p, p.booking.deceased.name if booking_visible(p.booking, staff) else PLACEHOLDER)
        for p in preparations_for(staff_department_ids(staff), since=timezone.localdate())
    ]
    audit_request(request, action="preparation.list", detail={"preparations": [p.subject for p, _ in rows]})
    return render(request, "okuyami/preparations.html", {"rows": rows})


def _preparation_for(pk: int, request: HttpRequest) -> Preparation:
    preparation = (
        Preparation.objects.select_related("booking__deceased", "booking__corner", "department")
        .filter(pk=pk, department_id__in=staff_department_ids(staff_of(request)))
        .first()
    )
    if preparation is None:
        raise Http404
    return preparation


@department_view
@require_http_methods(["GET", "POST"])
def preparation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    preparation = _preparation_for(pk, request)
    if not booking_visible(preparation.booking, staff_of(request)):
        return render(request, "okuyami/restricted.html", {"message": RESTRICTED_CASE_MESSAGE}, status=403)
    errors: list[str] = []
    if request.method == "POST":
        findings, errors = parse_findings(preparation, request)
        if not errors:
            try:
                services.preparation_record(
                    preparation=preparation,
                    findings=findings,
                    notes=request.POST.get("notes", "")[:2000],
                    done=request.POST.get("done") == "1",
                    version=_version(request),
                    actor=staff_of(request),
                    client_address=client_address_of(request),
                )
            except services.StalePreparationError as err:
                errors = [str(err)]
            else:
                messages.success(request, "準備の内容を保存しました")
                return redirect("okuyami:preparation", pk=pk)
    return _page(request, preparation, errors)


def _page(request: HttpRequest, preparation: Preparation, errors: list[str]) -> HttpResponse:
    audit_request(request, action="preparation.view", subject=preparation.subject)
    rows = [(row, _typed_or_saved(preparation, row["id"], request)) for row in preparation.procedures]
    context = {
        "preparation": preparation,
        "rows": rows,
        "errors": errors,
        "typed_notes": request.POST.get("notes"),
        "printable": {p.id for p in preparation_printable(preparation)},
    }
    return render(request, "okuyami/preparation.html", context, status=400 if errors else 200)


@department_view
@require_http_methods(["GET"])
def preparation_print(request: HttpRequest, pk: int) -> HttpResponse:
    """Pre-print the department's forms for the visit: one procedure (?procedure=ID) or all printable."""
    preparation = _preparation_for(pk, request)
    shown = booking_disclosure(preparation.booking, staff_of(request))
    if not shown.allowed:
        return render(request, "okuyami/restricted.html", {"message": RESTRICTED_CASE_MESSAGE}, status=403)
    procedure_id = request.GET.get("procedure")
    try:
        procedures = preparation_choice(preparation, procedure_id[:100] if procedure_id else None)
    except PrintRefused as err:
        return _page(request, preparation, [str(err)])
    pdf = preparation_forms_pdf(
        preparation=preparation,
        procedures=procedures,
        actor=staff_of(request),
        client_address=client_address_of(request),
        disclosed=shown.audit_detail(),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="okuyami-preparation-{preparation.pk}.pdf"'
    return response


def _version(request: HttpRequest) -> int:
    """Return the version the form showed; anything else never matches, so the save is refused as stale."""
    text = request.POST.get("version", "")[:9]
    return int(text) if text.isdigit() else 0


def _typed_or_saved(preparation: Preparation, pid: str, request: HttpRequest) -> dict[str, str]:
    if request.method == "POST":
        return {k: request.POST.get(f"{k}-{pid}", "")[:200] for k in ("applies", "note", "amount")}
    saved = preparation.findings.get(pid, {})
    applies = {True: "yes", False: "no"}.get(saved.get("applies"), "")
    amount = "" if saved.get("amount") is None else str(saved["amount"])
    return {"applies": applies, "note": saved.get("note", ""), "amount": amount}


def parse_findings(
    preparation: Preparation, request: HttpRequest
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Return the findings typed per procedure, or Japanese messages naming the procedure and field."""
    findings: dict[str, dict[str, Any]] = {}
    errors = []
    for row in preparation.procedures:
        pid = row["id"]
        raw_amount = jaconv.z2h(request.POST.get(f"amount-{pid}", "").strip()[:20], digit=True, ascii=True)
        amount = raw_amount.replace(",", "").removesuffix("円")
        if amount and not amount.isdigit():
            errors.append(f"「{row['name']}」の金額「{raw_amount}」は数字で入力してください（例: 50000）")
            continue
        findings[pid] = {
            "applies": APPLIES.get(request.POST.get(f"applies-{pid}", "")),
            "note": request.POST.get(f"note-{pid}", "").strip()[:200],
            "amount": int(amount) if amount else None,
        }
    return findings, errors
