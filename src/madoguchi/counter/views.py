"""Counter staff pages: open a visit, pick people, the interview, confirmation code, print, board."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.forms import Form, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from madoguchi.accounts.requests import staff_of
from madoguchi.audit.services import audit_request, client_address_of
from madoguchi.counter import forms as f
from madoguchi.counter import rows, services
from madoguchi.counter.declared import filled_groups
from madoguchi.counter.formdata import FormQuestion, fills_from_person
from madoguchi.counter.models import Case, CasePerson
from madoguchi.counter.packs import current_layouts, current_pack
from madoguchi.counter.printing import case_print, checklist_pdf, one_click_values
from madoguchi.counter.selectors import (
    case_by_number,
    case_disclosure,
    case_get,
    case_people_for_placeholder,
    open_cases_board,
    person_warnings,
    resident_for_pick,
)
from madoguchi.counter.state import case_people, case_state, checklist_of, date_label, settle_groups
from madoguchi.domain.japanese import JapaneseInputError, lookup_postal_code
from madoguchi.domain.packs import Checklist
from madoguchi.registry.selectors import search
from madoguchi.registry.services import resident_search_record
from madoguchi.registry.visibility import (
    PLACEHOLDER,
    RESTRICTED_CASE_MESSAGE,
    Disclosure,
)

if TYPE_CHECKING:
    from madoguchi.accounts.models import Staff

COUNTER_PERMISSION = "accounts.use_counter"
CODE_SESSION_KEY = "counter_codes"


def counter_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Require a signed-in member of counter staff."""
    return login_required(permission_required(COUNTER_PERMISSION, raise_exception=True)(view))


def with_case(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Load the case named in the URL, refuse it to staff not entitled to its 支援措置 people.

    A refused change (closed case, stale form) comes back as a Japanese message, never an error page.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponse:
        case = case_get(pk)
        if case is None:
            raise Http404
        if not _shown(request, case).allowed:
            return _restricted_case(request, case)
        try:
            return view(request, case, *args, **kwargs)
        except services.CounterError as err:
            return _interview_response(request, case_get(pk) or case, **_refusal(request, [str(err)]))

    return wrapper


def _shown(request: HttpRequest, case: Case) -> Disclosure:
    """Return the case's 支援措置 disclosure for this request's staff member, read once per request."""
    cached: tuple[int, Disclosure] | None = getattr(request, "_madoguchi_disclosure", None)
    if cached is None or cached[0] != case.pk:
        cached = (case.pk, case_disclosure(case, staff_of(request)))
        request._madoguchi_disclosure = cached  # type: ignore[attr-defined]  # per-request memo
    return cached[1]


def _refusal(request: HttpRequest, errors: list[str]) -> dict[str, Any]:
    """Return the messages of a refused change, beside the memo (with what was typed) when it was the memo."""
    if "notes" in request.POST:
        return {"note_errors": errors, "typed_note": request.POST["notes"][:2000]}
    if "procedure" in request.POST and "status" in request.POST:
        typed = {key: request.POST.get(key, "")[:200] for key in ("procedure", "status", "reason")}
        return {"override_errors": errors, "typed_override": typed}
    return {"errors": errors}


def _restricted_case(request: HttpRequest, case: Case) -> HttpResponse:
    """Show the case's number and placeholders only; the denial is audited by the middleware."""
    people = [
        {"role": p.role, "name": PLACEHOLDER if p.restricted else p.name}
        for p in case_people_for_placeholder(case)
    ]
    context = {"case": case, "people": people, "message": RESTRICTED_CASE_MESSAGE}
    return render(request, "counter/case_restricted.html", context, status=403)


def _staff(request: HttpRequest) -> Staff:
    return staff_of(request)


def _messages(form: Form) -> list[str]:
    return [str(message) for messages in form.errors.values() for message in messages]


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
    after_confirmation = case.stage in (Case.Stage.CONFIRMED, Case.Stage.CLOSED) or bool(
        case.resident_confirmed_at
    )
    subjects = [s for event in case.events for s in pack.events[event].subjects]
    codes = request.session.get(CODE_SESSION_KEY, {})
    context: dict[str, Any] = {
        "case": case,
        "state": state,
        "people": people,
        "person_seen": {p.pk: services.person_details_seen(p) for p in people},
        "subjects": list({s.id: s for s in subjects}.values()),
        "event_names": [pack.events[e].name for e in case.events],
        "question": state.next_question,
        "code": codes.get(str(case.pk)),
        "fact_specs": pack.facts,
        "form_names": {form_id: layout.name for form_id, layout in current_layouts().items()},
        "details_form": f.CaseDetailsForm(
            date_label=date_label(pack, case.events),
            initial={
                "seat": case.seat,
                "event_date": f.wareki_or_blank(case.event_date),
                "seen": services.details_seen(case),
            },
        ),
        "note_form": f.NoteForm(initial={"notes": case.notes, "seen": services.fingerprint(case.notes)}),
        "overrides_seen": services.fingerprint(case.overrides),
        "override_choices": f.OVERRIDE_CHOICES,
        "prints": list(case.prints.all()) if after_confirmation else [],
        "tasks": list(case.tasks.select_related("department", "assignee")) if after_confirmation else [],
        "procedures": rows.procedure_list(state),
        "filled": filled_groups(state.form_groups, case.form_values, state.declared),
        "settle_groups": settle_groups(state) if case.stage == Case.Stage.INTERVIEW else [],
        "procedure_options": rows.procedure_rows(state.procedures),
        # The people card stays open while a role has nobody yet, then folds so the question shows.
        "people_open": case.stage == Case.Stage.INTERVIEW
        and not {s.id for s in subjects} <= {p.role for p in people},
        **extra,
    }
    context["one_click"] = _one_click_people(context["question"], people)
    return context


def _one_click_people(question: object, people: Sequence[CasePerson]) -> list[CasePerson]:
    """Return the people of the visit whose register data fills some value of the question (one click)."""
    if not isinstance(question, FormQuestion) or not fills_from_person(question):
        return []
    return [p for p in people if p.role != "deceased" and one_click_values(question, p, people)]


def _audit_case_read(request: HttpRequest, case: Case, *, part: str) -> None:
    """Audit a response that shows the case's personal data, saying when 支援措置 data was shown."""
    detail = {"part": part, **_shown(request, case).audit_detail()}
    audit_request(request, action="case.view", subject=case.subject, detail=detail)


@counter_view
@require_GET
@with_case
def case_detail(request: HttpRequest, case: Case) -> HttpResponse:
    _audit_case_read(request, case, part="page")
    return render(request, "counter/case.html", case_context(request, case, **_correction(request, case)))


def _correction(request: HttpRequest, case: Case) -> dict[str, Any]:
    """Return the form values group staff asked to correct (?correct=相続人代表者), shown with its values."""
    key = request.GET.get("correct")
    if not key or case.stage != Case.Stage.INTERVIEW:
        return {}
    group = next((g for g in case_state(case).form_groups if g.key == key), None)
    if group is None:
        return {}
    typed = f.typed_form_values(group, case.form_values)
    return {"question": group, "typed_values": typed, "form_seen": services.form_values_seen(case)}


@counter_view
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
    if request.htmx:  # type: ignore[attr-defined]  # set by django-htmx's middleware
        _audit_case_read(request, case, part="interview")
        return render(request, "counter/_interview.html", case_context(request, case, oob=True, **extra))
    for error in extra.get("errors", []):
        messages.error(request, error)
    return redirect("counter:case", pk=case.pk)


@counter_view
@require_POST
@with_case
def answer(request: HttpRequest, case: Case) -> HttpResponse:
    fact = request.POST.get("fact", "")[:100]
    checklist = checklist_of(current_pack(), case.events, fact)
    if checklist is not None:
        return _checklist_answer(request, case, checklist)
    spec = current_pack().facts.get(fact)
    if spec is None or not spec.askable:
        return _interview_response(request, case, errors=["この質問はこの手続パックにありません"])
    try:
        value = f.parse_answer(spec, request.POST)
    except ValidationError as err:
        typed = request.POST.get("value", "")[:200]
        return _interview_response(
            request, case, errors=err.messages, answer_errors=err.messages, typed=typed
        )
    services.case_answer_record(
        case=case, fact=fact, value=value, actor=_staff(request), client_address=client_address_of(request)
    )
    return _interview_response(request, case)


def _checklist_answer(request: HttpRequest, case: Case, checklist: Checklist) -> HttpResponse:
    try:
        values = f.parse_checklist(checklist, request.POST)
    except ValidationError as err:
        return _interview_response(request, case, errors=err.messages, answer_errors=err.messages)
    services.case_answers_record(
        case=case, values=values, actor=_staff(request), client_address=client_address_of(request)
    )
    return _interview_response(request, case)


@counter_view
@require_POST
@with_case
def unanswer(request: HttpRequest, case: Case) -> HttpResponse:
    """Ask a question again (staff want to change an answer)."""
    fact = request.POST.get("fact", "")
    if fact not in case.answers:
        return _interview_response(request, case, errors=["この質問にはまだ回答がありません"])
    services.case_answer_undo(
        case=case, fact=fact, actor=_staff(request), client_address=client_address_of(request)
    )
    return _interview_response(request, case)


def _form_values_from_person(request: HttpRequest, case: Case, question: FormQuestion) -> HttpResponse:
    """Fill a form question from a person of the visit with one click (the register's data)."""
    people = case_people(case)
    person = next((p for p in people if str(p.pk) == request.POST["person"] and p.role != "deceased"), None)
    values = one_click_values(question, person, people) if person is not None else {}
    if person is None or not values:
        return _interview_response(request, case, errors=["この方の記録からは記入できる項目がありません"])
    services.case_form_values_record(
        case=case,
        values=values,
        actor=_staff(request),
        client_address=client_address_of(request),
        person_id=person.pk,
        seen=request.POST.get("seen") or None,
    )
    return _interview_response(request, case)


@counter_view
@require_POST
@with_case
def form_values(request: HttpRequest, case: Case) -> HttpResponse:
    key = request.POST.get("question", "")
    seen = request.POST.get("seen") or None  # a correction of values already given
    state = case_state(case)
    question = next((q for q in (state.form_groups if seen else state.form_questions) if q.key == key), None)
    if question is None:
        return _interview_response(request, case, errors=["この記入事項は、いまは聞く必要がありません"])
    if request.POST.get("person"):
        return _form_values_from_person(request, case, question)
    try:
        values = f.parse_form_values(question, request.POST)
    except ValidationError as err:
        typed = {item.path: request.POST.get(item.path, "")[:200] for item in question.inputs}
        extra = {"question": question, "form_seen": seen} if seen else {}
        return _interview_response(request, case, errors=err.messages, typed_values=typed, **extra)
    services.case_form_values_record(
        case=case, values=values, actor=_staff(request), client_address=client_address_of(request), seen=seen
    )
    return _interview_response(request, case)


@counter_view
@require_POST
@with_case
def override(request: HttpRequest, case: Case) -> HttpResponse:
    form = f.OverrideForm(request.POST)
    if not form.is_valid() or form.cleaned_data["procedure"] not in current_pack().procedures:
        refusal = _refusal(request, ["判定を変更する手続と変更後の判定を選んでください"])
        return _interview_response(request, case, **refusal)
    services.case_override_set(
        case=case,
        procedure_id=form.cleaned_data["procedure"],
        status=form.cleaned_data["status"],
        reason=form.cleaned_data["reason"],
        seen=form.cleaned_data["seen"],
        actor=_staff(request),
        client_address=client_address_of(request),
    )
    return _interview_response(request, case)


@counter_view
@require_POST
@with_case
def settle(request: HttpRequest, case: Case) -> HttpResponse:
    """Decide the procedures left 要確認 after the questions in one step (grouped by department)."""
    form = f.SettleForm(request.POST)
    left = {p.id for _, rows in settle_groups(case_state(case)) for p in rows}
    chosen = [p for p in request.POST.getlist("procedure") if p in left]
    if not form.is_valid():
        typed = request.POST.get("reason", "")[:200]
        return _interview_response(
            request, case, errors=_messages(form), settle_errors=_messages(form), typed_settle_reason=typed
        )
    services.case_overrides_set(
        case=case,
        procedure_ids=chosen,
        status=form.cleaned_data["status"],
        reason=form.cleaned_data["reason"],
        seen=form.cleaned_data["seen"],
        actor=_staff(request),
        client_address=client_address_of(request),
    )
    return _interview_response(request, case)


@counter_view
@require_POST
@with_case
def details(request: HttpRequest, case: Case) -> HttpResponse:
    form = f.CaseDetailsForm(request.POST, date_label=date_label(current_pack(), case.events))
    if not form.is_valid():
        # The page again with what was typed and the message beside the fields.
        _audit_case_read(request, case, part="page")
        context = case_context(
            request, case, details_form=form, details_errors=_messages(form), people_open=True
        )
        return render(request, "counter/case.html", context, status=400)
    services.case_details_record(
        case=case,
        seat=form.cleaned_data["seat"],
        event_date=form.cleaned_data["event_date"],
        seen=form.cleaned_data["seen"],
        actor=_staff(request),
        client_address=client_address_of(request),
    )
    return redirect("counter:case", pk=case.pk)


@counter_view
@require_POST
@with_case
def note(request: HttpRequest, case: Case) -> HttpResponse:
    form = f.NoteForm(request.POST)
    if not form.is_valid():
        return _interview_response(request, case, **_refusal(request, _messages(form)))
    services.case_note_replace(
        case=case,
        notes=form.cleaned_data["notes"],
        seen=form.cleaned_data["seen"],
        actor=_staff(request),
        client_address=client_address_of(request),
    )
    return _interview_response(request, case)


@counter_view
@require_POST
@with_case
def people_search(request: HttpRequest, case: Case) -> HttpResponse:
    """Search the register for a person of the case (POST: names and birth dates stay out of URLs)."""
    if not request.user.has_perm("registry.search_resident"):
        raise PermissionDenied
    text = request.POST.get("q", "").strip()
    role = request.POST.get("role", "")
    context: dict[str, Any] = {"case": case, "role": role, "text": text[:100], "result": None}
    if len(text) > 100:
        context["error"] = (
            "検索語が長すぎます（100文字まで）。氏名・かな・生年月日・宛名番号のどれかを入力してください"
        )
        return render(request, "counter/_search_results.html", context)
    result = search(text, viewer=request.user) if text else None
    if result is not None:
        resident_search_record(
            result=result, actor=_staff(request), client_address=client_address_of(request), channel="counter"
        )
        context["result"] = result
    return render(request, "counter/_search_results.html", context)


def _role_of(case: Case, role: str) -> str:
    """Return the role if it is a subject of one of the case's events, else refuse it."""
    pack = current_pack()
    roles = {s.id for event in case.events for s in pack.events[event].subjects}
    if role not in roles:
        raise services.CounterError("立場（亡くなった方・届出人など）を選び直してください")
    return role


@counter_view
@require_POST
@with_case
def person_add(request: HttpRequest, case: Case) -> HttpResponse:
    role = _role_of(case, request.POST.get("role", ""))
    picked = request.POST.get("resident")
    address = client_address_of(request)
    if picked is not None:
        resident = resident_for_pick(picked, staff_of(request))
        if resident is None:
            raise Http404
        relationship = request.POST.get("relationship", "")[:40]
        warnings = person_warnings(case, role, resident)
        if warnings and request.POST.get("confirm") != "1":
            pick = {
                "warnings": warnings,
                "resident": resident,
                "role": role,
                "role_label": CasePerson.Role(role).label if role in CasePerson.Role.values else role,
                "relationship": relationship,
            }
            _audit_case_read(request, case, part="page")
            return render(request, "counter/case.html", case_context(request, case, pick_warning=pick))
        services.case_person_add(
            case=case,
            role=role,
            resident=resident,
            actor=_staff(request),
            typed={"relationship": relationship},
            client_address=address,
        )
        return redirect("counter:case", pk=case.pk)
    form = f.TypedPersonForm(request.POST)
    if not form.is_valid():
        context = case_context(request, case, typed_person=form, typed_role=role)
        _audit_case_read(request, case, part="page")
        return render(request, "counter/case.html", context, status=400)
    services.case_person_add(
        case=case, role=role, typed=form.cleaned_data, actor=_staff(request), client_address=address
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
    if not form.is_valid():
        # The page again with the people open, what was typed and the message beside the fields.
        _audit_case_read(request, case, part="page")
        context = case_context(
            request, case, typed_details=form, typed_details_person=person_id, people_open=True
        )
        return render(request, "counter/case.html", context, status=400)
    services.case_person_details_record(
        case=case,
        person_id=person_id,
        relationship=form.cleaned_data["relationship"],
        phone=form.cleaned_data["phone"],
        seen=form.cleaned_data["seen"],
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
    code = services.case_finish_interview(
        case=case, actor=_staff(request), client_address=client_address_of(request)
    )
    codes = request.session.get(CODE_SESSION_KEY, {})
    codes[str(case.pk)] = code
    request.session[CODE_SESSION_KEY] = codes
    return redirect("counter:case", pk=case.pk)


@counter_view
@require_POST
@with_case
def reopen(request: HttpRequest, case: Case) -> HttpResponse:
    services.case_reopen(
        case=case,
        actor=_staff(request),
        reason=request.POST.get("reason", "")[:200],
        client_address=client_address_of(request),
    )
    return redirect("counter:case", pk=case.pk)


@counter_view
@require_POST
@with_case
def print_bundle(request: HttpRequest, case: Case) -> HttpResponse:
    shown = _shown(request, case).audit_detail()
    try:
        record, pdf = case_print(
            case=case, actor=_staff(request), client_address=client_address_of(request), disclosed=shown
        )
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
    shown = _shown(request, case).audit_detail()
    pdf = checklist_pdf(
        case=case, actor=_staff(request), client_address=client_address_of(request), disclosed=shown
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="checklist-{case.number}.pdf"'
    return response


@counter_view
@require_POST
@with_case
def cancel(request: HttpRequest, case: Case) -> HttpResponse:
    """Cancel an abandoned or mistaken case with a reason (its unfinished tasks are withdrawn)."""
    reason = request.POST.get("reason", "")[:200]
    try:
        services.case_cancel(
            case=case, reason=reason, actor=_staff(request), client_address=client_address_of(request)
        )
    except services.CounterError as err:
        return _lifecycle_refused(request, case, str(err), typed_cancel_reason=reason)
    messages.success(request, f"受付 {case.number} を取り消しました")
    return redirect("counter:case", pk=case.pk)


@counter_view
@require_POST
@with_case
def merge(request: HttpRequest, case: Case) -> HttpResponse:
    """Merge this duplicate case into the original named by its 受付番号; this one is cancelled."""
    typed = request.POST.get("original", "")[:20]
    original = case_by_number(typed) if typed.strip() else None
    if original is None:
        return _lifecycle_refused(
            request, case, f"受付番号「{typed}」の受付が見つかりません", typed_original=typed
        )
    if not case_disclosure(original, staff_of(request)).allowed:
        return _lifecycle_refused(request, case, RESTRICTED_CASE_MESSAGE, typed_original=typed)
    try:
        services.case_merge(
            duplicate=case,
            original=original,
            actor=_staff(request),
            client_address=client_address_of(request),
        )
    except services.CounterError as err:
        return _lifecycle_refused(request, case, str(err), typed_original=typed)
    messages.success(request, f"受付 {case.number} を受付 {original.number} に統合しました")
    return redirect("counter:case", pk=original.pk)


def _lifecycle_refused(request: HttpRequest, case: Case, error: str, **typed: str) -> HttpResponse:
    """Show the case again with the refusal beside the cancel/merge forms and what was typed."""
    _audit_case_read(request, case, part="page")
    context = case_context(request, case, lifecycle_errors=[error], **typed)
    return render(request, "counter/case.html", context, status=400)


@counter_view
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    rows = open_cases_board()
    audit_request(request, action="case.board", detail={"cases": [r.case.subject for r in rows]})
    return render(request, "counter/board.html", {"rows": rows})
