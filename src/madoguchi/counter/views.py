"""Counter staff pages: open a visit, pick people, the interview, confirmation code, print, board."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.forms import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from madoguchi.audit.services import audit_request, client_address_of
from madoguchi.counter import forms as f
from madoguchi.counter import services
from madoguchi.counter.models import Case
from madoguchi.counter.packs import current_pack
from madoguchi.counter.printing import case_print, checklist_pdf
from madoguchi.counter.render import (
    answers_html,
    override_options_html,
    procedure_list_html,
    search_results_html,
)
from madoguchi.counter.selectors import case_get, open_cases_board
from madoguchi.counter.state import KIND_NAMES, STATUS_NAMES, case_state
from madoguchi.domain.japanese import JapaneseInputError, lookup_postal_code
from madoguchi.registry.models import Resident
from madoguchi.registry.selectors import RESTRICTED_PERMISSION, search
from madoguchi.registry.services import resident_search_record

COUNTER_PERMISSION = "accounts.use_counter"
CODE_SESSION_KEY = "counter_codes"


def counter_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Require a signed-in member of counter staff."""
    return login_required(permission_required(COUNTER_PERMISSION, raise_exception=True)(view))


def with_case(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Load the case named in the URL (404 when missing) and pass it instead of its id."""

    @wraps(view)
    def wrapper(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponse:
        case = case_get(pk)
        if case is None:
            raise Http404
        return view(request, case, *args, **kwargs)

    return wrapper


def _staff(request: HttpRequest) -> Any:
    return request.user


def _event_choices() -> list[tuple[str, str]]:
    return [(event.id, event.name) for event in current_pack().events.values()]


@counter_view
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    form = f.OpenCaseForm(event_choices=_event_choices(), initial={"events": ["death"]})
    return render(request, "counter/index.html", {"form": form})


@counter_view
@require_POST
def case_open(request: HttpRequest) -> HttpResponse:
    form = f.OpenCaseForm(request.POST, event_choices=_event_choices())
    if not form.is_valid():
        return render(request, "counter/index.html", {"form": form}, status=400)
    case = services.case_open(
        actor=_staff(request),
        events=form.cleaned_data["events"],
        seat=form.cleaned_data["seat"],
        event_date=form.cleaned_data["event_date"],
        client_address=client_address_of(request),
    )
    return redirect("counter:case", pk=case.pk)


def case_context(request: HttpRequest, case: Case, **extra: Any) -> dict[str, Any]:
    """Return what the interview screen shows, computed afresh from the database."""
    state = case_state(case)
    pack = state.pack
    people = state.people
    # Prints and tasks exist only once the resident has confirmed: no queries before that.
    after_confirmation = case.stage in (Case.Stage.CONFIRMED, Case.Stage.CLOSED)
    subjects = [s for event in case.events for s in pack.events[event].subjects]
    codes = request.session.get(CODE_SESSION_KEY, {})
    return {
        "case": case,
        "state": state,
        "people": people,
        "subjects": list({s.id: s for s in subjects}.values()),
        "event_names": [pack.events[e].name for e in case.events],
        "status_names": STATUS_NAMES,
        "kind_names": KIND_NAMES,
        "question": state.next_question,
        "code": codes.get(str(case.pk)),
        "fact_specs": pack.facts,
        "details_form": f.CaseDetailsForm(
            initial={"seat": case.seat, "event_date": f.wareki_or_blank(case.event_date)}
        ),
        "note_form": f.NoteForm(initial={"notes": case.notes}),
        "prints": list(case.prints.all()) if after_confirmation else [],
        "tasks": list(case.tasks.select_related("department", "assignee")) if after_confirmation else [],
        "answers_html": answers_html(case.answers, pack.facts, undo=_undo_form(request, case)),
        "procedures_html": procedure_list_html(state),
        "override_options_html": override_options_html(state),
        **extra,
    }


def _undo_form(request: HttpRequest, case: Case) -> tuple[str, str] | None:
    """Return the URL and CSRF token of the 「聞き直す」 forms, which only the interview shows."""
    if case.stage != Case.Stage.INTERVIEW:
        return None
    return reverse("counter:unanswer", args=[case.pk]), get_token(request)


@counter_view
@never_cache
@require_GET
@with_case
def case_detail(request: HttpRequest, case: Case) -> HttpResponse:
    audit_request(request, action="case.view", subject=case.subject)
    return render(request, "counter/case.html", case_context(request, case))


@counter_view
@never_cache
@require_GET
@with_case
def case_stage(request: HttpRequest, case: Case) -> HttpResponse:
    """Tell a polling page to reload when the case has moved on (resident confirmed or asked to correct)."""
    if request.GET.get("stage") != case.stage:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return HttpResponse(status=204)


def _interview_response(request: HttpRequest, case: Case, **extra: Any) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "counter/_interview.html", case_context(request, case, **extra))
    for error in extra.get("errors", []):
        messages.error(request, error)
    return redirect("counter:case", pk=case.pk)


@counter_view
@require_POST
@with_case
def answer(request: HttpRequest, case: Case) -> HttpResponse:
    fact = request.POST.get("fact", "")
    spec = current_pack().facts.get(fact)
    if spec is None or spec.source != "interview":
        return _interview_response(request, case, errors=[f"質問「{fact}」はこの手続パックにありません"])
    try:
        value = f.parse_answer(spec, request.POST)
    except ValidationError as err:
        return _interview_response(request, case, errors=err.messages)
    services.case_answer(
        case=case, fact=fact, value=value, actor=_staff(request), client_address=client_address_of(request)
    )
    return _interview_response(request, case)


@counter_view
@require_POST
@with_case
def unanswer(request: HttpRequest, case: Case) -> HttpResponse:
    """Ask a question again (staff want to change an answer)."""
    fact = request.POST.get("fact", "")
    answers = {k: v for k, v in case.answers.items() if k != fact}
    services.case_update(
        case=case,
        actor=_staff(request),
        changes={"answers": answers},
        action="case.answer_undo",
        detail={"fact": fact},
        client_address=client_address_of(request),
    )
    return _interview_response(request, case)


@counter_view
@require_POST
@with_case
def form_values(request: HttpRequest, case: Case) -> HttpResponse:
    key = request.POST.get("question", "")
    question = next((q for q in case_state(case).form_questions if q.key == key), None)
    if question is None:
        return _interview_response(request, case)
    try:
        values = f.parse_form_values(question, request.POST)
    except ValidationError as err:
        return _interview_response(request, case, errors=err.messages)
    services.case_form_values(
        case=case, values=values, actor=_staff(request), client_address=client_address_of(request)
    )
    return _interview_response(request, case)


@counter_view
@require_POST
@with_case
def override(request: HttpRequest, case: Case) -> HttpResponse:
    form = f.OverrideForm(request.POST)
    if not form.is_valid():
        return _interview_response(request, case, errors=["判定の変更内容が正しくありません"])
    try:
        services.case_override(
            case=case,
            procedure_id=form.cleaned_data["procedure"],
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            actor=_staff(request),
            client_address=client_address_of(request),
        )
    except services.CounterError as err:
        return _interview_response(request, case, errors=[str(err)])
    return _interview_response(request, case)


@counter_view
@require_POST
@with_case
def details(request: HttpRequest, case: Case) -> HttpResponse:
    form = f.CaseDetailsForm(request.POST)
    if not form.is_valid():
        return _interview_response(request, case, errors=[m for ms in form.errors.values() for m in ms])
    services.case_update(
        case=case,
        actor=_staff(request),
        changes=form.cleaned_data,
        action="case.details",
        detail={"fields": sorted(form.cleaned_data)},
        client_address=client_address_of(request),
    )
    return redirect("counter:case", pk=case.pk)


@counter_view
@require_POST
@with_case
def note(request: HttpRequest, case: Case) -> HttpResponse:
    form = f.NoteForm(request.POST)
    if form.is_valid():
        services.case_update(
            case=case,
            actor=_staff(request),
            changes={"notes": form.cleaned_data["notes"]},
            action="case.note",
            detail={},
            client_address=client_address_of(request),
        )
    return _interview_response(request, case)


@counter_view
@require_GET
@with_case
def people_search(request: HttpRequest, case: Case) -> HttpResponse:
    if not request.user.has_perm("registry.search_resident"):
        raise Http404
    text = request.GET.get("q", "").strip()[:100]
    result = search(text, include_restricted=request.user.has_perm(RESTRICTED_PERMISSION)) if text else None
    if result is not None:
        resident_search_record(
            result=result, actor=_staff(request), client_address=client_address_of(request), channel="counter"
        )
    items_html = search_results_html(result.residents) if result is not None else ""
    role = request.GET.get("role", "")
    context = {"case": case, "result": result, "items_html": items_html, "role": role, "text": text}
    return render(request, "counter/_search_results.html", context)


@counter_view
@require_POST
@with_case
def person_add(request: HttpRequest, case: Case) -> HttpResponse:
    role = request.POST.get("role", "")
    resident_id = request.POST.get("resident")
    address = client_address_of(request)
    if resident_id:
        resident = Resident.objects.filter(pk=resident_id).first()
        if resident is None or (resident.restricted and not request.user.has_perm(RESTRICTED_PERMISSION)):
            raise Http404
        services.case_person_add(
            case=case,
            role=role,
            resident=resident,
            actor=_staff(request),
            typed={"relationship": request.POST.get("relationship", "")},
            client_address=address,
        )
        return redirect("counter:case", pk=case.pk)
    form = f.TypedPersonForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect("counter:case", pk=case.pk)
    services.case_person_add(
        case=case,
        role=form.cleaned_data["role"],
        typed=form.cleaned_data,
        actor=_staff(request),
        client_address=address,
    )
    return redirect("counter:case", pk=case.pk)


@counter_view
@require_POST
@with_case
def person_remove(request: HttpRequest, case: Case, person_id: int) -> HttpResponse:
    services.case_person_remove(
        case=case, person_id=person_id, actor=_staff(request), client_address=client_address_of(request)
    )
    return redirect("counter:case", pk=case.pk)


@counter_view
@require_POST
@with_case
def applicant_details(request: HttpRequest, case: Case, person_id: int) -> HttpResponse:
    form = f.ApplicantDetailsForm(request.POST)
    if form.is_valid():
        services.case_person_update(
            case=case,
            person_id=person_id,
            values=form.cleaned_data,
            actor=_staff(request),
            client_address=client_address_of(request),
        )
    return redirect("counter:case", pk=case.pk)


@counter_view
@require_GET
def postal(request: HttpRequest) -> HttpResponse:
    """Return the address of a postal code for the typed-person form (htmx)."""
    code = request.GET.get("postal_code", "")
    try:
        found = lookup_postal_code(code)
    except JapaneseInputError as err:
        return render(request, "counter/_postal.html", {"error": str(err)})
    return render(request, "counter/_postal.html", {"addresses": found[:5]})


@counter_view
@require_POST
@with_case
def finish_interview(request: HttpRequest, case: Case) -> HttpResponse:
    try:
        code = services.case_finish_interview(
            case=case, actor=_staff(request), client_address=client_address_of(request)
        )
    except services.CounterError as err:
        messages.error(request, str(err))
        return redirect("counter:case", pk=case.pk)
    codes = request.session.get(CODE_SESSION_KEY, {})
    codes[str(case.pk)] = code
    request.session[CODE_SESSION_KEY] = codes
    return redirect("counter:case", pk=case.pk)


@counter_view
@require_POST
@with_case
def reopen(request: HttpRequest, case: Case) -> HttpResponse:
    try:
        services.case_reopen(case=case, actor=_staff(request), client_address=client_address_of(request))
    except services.CounterError as err:
        messages.error(request, str(err))
    return redirect("counter:case", pk=case.pk)


@counter_view
@require_POST
@with_case
def print_bundle(request: HttpRequest, case: Case) -> HttpResponse:
    try:
        record, pdf = case_print(case=case, actor=_staff(request), client_address=client_address_of(request))
    except ValueError as err:
        messages.error(request, str(err))
        return redirect("counter:case", pk=case.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bundle-{case.number}-v{record.version}.pdf"'
    return response


@counter_view
@require_GET
@with_case
def checklist(request: HttpRequest, case: Case) -> HttpResponse:
    if case.stage not in (Case.Stage.CONFIRMED, Case.Stage.CLOSED):
        raise Http404
    pdf = checklist_pdf(case=case, actor=_staff(request), client_address=client_address_of(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="checklist-{case.number}.pdf"'
    return response


@counter_view
@never_cache
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    rows = open_cases_board()
    audit_request(request, action="case.board", detail={"cases": [r.case.subject for r in rows]})
    return render(request, "counter/board.html", {"rows": rows})
