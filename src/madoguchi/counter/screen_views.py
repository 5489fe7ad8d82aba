"""The resident's confirmation screen: opened with a one-time code, shows only this visit, large type.

It is not a staff page: the session carries only the id of the one case the code opened, and the
screen shows nothing as soon as that case is no longer waiting for the resident's confirmation.
"""

from __future__ import annotations

import contextlib

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from madoguchi.audit.services import audit_record, client_address_of
from madoguchi.counter import services
from madoguchi.counter.formdata import ACCOUNT_PATHS, form_inputs, mask_account, value_label
from madoguchi.counter.forms import ScreenCodeForm
from madoguchi.counter.models import Case
from madoguchi.counter.packs import current_layouts
from madoguchi.counter.printing import bundle_data
from madoguchi.counter.state import case_state, date_label, subject_labels
from madoguchi.insights.survey import survey_offer

SCREEN_KEY = "counter_screen_case"


def _screen_case(request: HttpRequest) -> Case | None:
    pk = request.session.get(SCREEN_KEY)
    if pk is None:
        return None
    return Case.objects.filter(pk=pk, stage=Case.Stage.CONFIRMING).first()


@require_http_methods(["GET", "POST"])
def screen_code(request: HttpRequest) -> HttpResponse:
    form = ScreenCodeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            case = services.screen_open(code=form.cleaned_data["code"], address=client_address_of(request))
        except services.CounterError as err:
            return render(request, "counter/screen_code.html", {"form": form, "error": str(err)}, status=429)
        if case is not None:
            request.session.cycle_key()
            request.session[SCREEN_KEY] = case.pk
            return redirect("counter:screen_view")
        error = "確認番号が違うか、有効期限が切れています。職員にお知らせください。"
    return render(request, "counter/screen_code.html", {"form": form, "error": error})


@require_GET
def screen_view(request: HttpRequest) -> HttpResponse:
    case = _screen_case(request)
    if case is None:
        request.session.pop(SCREEN_KEY, None)
        return render(request, "counter/screen_done.html")
    state = case_state(case)
    people = state.people
    audit_record(
        action="screen.view", actor=None, subject=case.subject, client_address=client_address_of(request)
    )
    context = {
        "case": case,
        "people": people,
        "data": bundle_data(case, state, people),
        "state": state,
        "form_values": _labelled_values(case),
        "role_labels": subject_labels(state.pack, case.events),
        "date_label": date_label(state.pack, case.events),
        "printed": state.printed(),
        "guided": state.guided(),
    }
    return render(request, "counter/screen.html", context)


def _labelled_values(case: Case) -> list[tuple[str, object]]:
    """Return the form values the interview collected, with the labels the resident reads."""
    inputs = form_inputs(current_layouts().values())
    labelled = []
    for path, value in case.form_values.items():
        if value in ("", None, []) or path not in inputs:
            continue
        # The template shows lists, yes/no and dates the way residents read them (fact_value).
        shown = mask_account(value) if path in ACCOUNT_PATHS else value
        labelled.append((value_label(path, inputs), shown))
    return labelled


@require_GET
def screen_poll(request: HttpRequest) -> HttpResponse:
    """Reload the resident screen (to blank) once the visit has moved on."""
    response = HttpResponse(status=204)
    if _screen_case(request) is None:
        response["HX-Refresh"] = "true"
    return response


@require_POST
def screen_confirm(request: HttpRequest) -> HttpResponse:
    case = _screen_case(request)
    if case is not None:
        # A second tap after the first confirmation changes nothing.
        with contextlib.suppress(services.CounterError):
            services.case_resident_confirm(case=case, client_address=client_address_of(request))
        survey_offer(request.session, events=case.events)  # the anonymous 3Q survey, linked to the event only
    request.session.pop(SCREEN_KEY, None)
    return render(request, "counter/screen_done.html", {"confirmed": case is not None})


@require_POST
def screen_correct(request: HttpRequest) -> HttpResponse:
    case = _screen_case(request)
    if case is not None:
        services.case_request_correction(case=case, client_address=client_address_of(request))
    request.session.pop(SCREEN_KEY, None)
    return render(request, "counter/screen_done.html", {"correction": True})
