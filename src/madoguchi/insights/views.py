"""The measurement screens for DX推進 and administrators, and the resident's 3Q survey."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from madoguchi.audit.services import client_address_of
from madoguchi.insights import charts, selectors, services
from madoguchi.insights.forms import (
    FilterForm,
    MonthForm,
    ResidentSurveyForm,
    WalkStopForm,
    WalkSurveyForm,
    event_choices,
    event_name,
)
from madoguchi.insights.measures import Category
from madoguchi.insights.models import WalkStop, WalkSurvey
from madoguchi.insights.report import monthly_report_pdf
from madoguchi.insights.survey import survey_offered, survey_withdraw
from madoguchi.insights.tables import BUCKET_HEADER, before_after_rows, bucket_row, summary_rows

ENCODINGS = {"cp932": "cp932", "utf-8": "utf-8"}


def dx_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Allow DX推進 and administrators (permission insights.use_insights) only."""
    return login_required(permission_required("insights.use_insights", raise_exception=True)(view))


def _filter_form(request: HttpRequest) -> FilterForm:
    """Return the filters of the query string; without one, this month so far, shown in the fields."""
    today = timezone.localdate()
    initial = {"start": today.replace(day=1), "end": today, "grain": "day"}
    return FilterForm(request.GET or None, initial=initial)


def _staff(request: HttpRequest) -> Any:
    return request.user


@dx_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    filters = form.filters()
    buckets = selectors.series(filters)
    summary = selectors.summary(filters, buckets)
    survey = selectors.survey_results(filters)
    drawings = {
        "visits": charts.visits_chart(buckets, filters.grain),
        "stages": charts.stages_chart(buckets, filters.grain),
        "avoided": charts.counts_chart(summary.avoided, "書かずに済んだ記入（項目別の合計）"),
        "satisfaction": charts.counts_chart(
            [(f"{s}点", n) for s, n in survey.satisfaction], "満足度（5段階）"
        ),
    }
    context = {
        "form": form,
        "filters": filters,
        "summary_rows": summary_rows(summary),
        "survey": survey,
        "charts": {name: charts.data_uri(drawing) for name, drawing in drawings.items()},
        "query": request.GET.urlencode(),
        "month_form": MonthForm(initial={"month": f"{filters.end:%Y-%m}", "event": filters.event}),
    }
    return render(request, "insights/dashboard.html", context)


@dx_required
@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    filters = form.filters()
    result = selectors.comparison(filters) if filters.event else None
    context = {
        "form": form,
        "result": result,
        "rows": before_after_rows(result) if result else [],
        "event_name": event_name(filters.event),
    }
    return render(request, "insights/compare.html", context)


@dx_required
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    filters = form.filters()
    encoding = ENCODINGS.get(request.GET.get("encoding", "cp932"), "cp932")
    buckets = selectors.series(filters)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(["期間の初日", "集計単位", "ライフイベント", *BUCKET_HEADER])
    unit = selectors.GRAINS.get(filters.grain, "月")
    for bucket in buckets:
        writer.writerow([bucket.start.isoformat(), unit, event_name(filters.event), *bucket_row(bucket)])
    services.export_record(
        kind="csv",
        actor=_staff(request),
        client_address=client_address_of(request),
        detail={"encoding": encoding, "rows": len(buckets), **_filter_detail(filters)},
    )
    response = HttpResponse(
        text.getvalue().encode(encoding, errors="replace"), content_type=f"text/csv; charset={encoding}"
    )
    name = f"madoguchi-figures-{filters.start:%Y%m%d}-{filters.end:%Y%m%d}-{encoding}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _filter_detail(filters: selectors.Filters) -> dict[str, Any]:
    return {
        "start": filters.start.isoformat(),
        "end": filters.end.isoformat(),
        "grain": selectors.GRAINS.get(filters.grain, filters.grain),
        "event": event_name(filters.event),
        "department": filters.department_id,
    }


@dx_required
@require_GET
def report_pdf(request: HttpRequest) -> HttpResponse:
    form = MonthForm(request.GET)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, str(errors[0]))
        return redirect("insights:dashboard")
    filters = form.filters()
    title = f"窓口改革の効果測定 月次報告 {filters.start.year}年{filters.start.month}月"
    pdf = monthly_report_pdf(
        filters=filters,
        title=title,
        event_name=event_name(filters.event),
        summary=selectors.summary(filters),
        compare=selectors.comparison(filters),
        survey=selectors.survey_results(filters),
        today=timezone.localdate(),
    )
    services.export_record(
        kind="monthly_pdf",
        actor=_staff(request),
        client_address=client_address_of(request),
        detail={"bytes": len(pdf), **_filter_detail(filters)},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="madoguchi-report-{filters.start:%Y-%m}.pdf"'
    return response


@dx_required
@require_http_methods(["GET", "POST"])
def walk_index(request: HttpRequest) -> HttpResponse:
    form = WalkSurveyForm(request.POST or None, initial={"surveyed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        survey = services.walk_survey_create(
            event=form.cleaned_data["event"],
            title=form.cleaned_data["title"],
            surveyed_on=form.cleaned_data["surveyed_on"],
            actor=_staff(request),
            client_address=client_address_of(request),
        )
        return redirect("insights:walk", pk=survey.pk)
    names = dict(event_choices())
    return render(request, "insights/walks.html", {"form": form, "walks": selectors.walks(), "names": names})


@dx_required
@require_GET
def walk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(WalkSurvey, pk=pk)
    return render(request, "insights/walk.html", _walk_context(survey, WalkStopForm()))


def _walk_context(survey: WalkSurvey, form: WalkStopForm) -> dict[str, Any]:
    return {
        "survey": survey,
        "form": form,
        "totals": selectors.walk_totals(survey),
        "event_name": event_name(survey.event),
        "categories": list(Category),
    }


@dx_required
@require_POST
def walk_clock(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(WalkSurvey, pk=pk)
    try:
        services.walk_survey_clock(
            survey=survey,
            action=request.POST.get("action", ""),
            actor=_staff(request),
            client_address=client_address_of(request),
        )
    except services.InsightsError as error:
        messages.error(request, str(error))
    return redirect("insights:walk", pk=pk)


@dx_required
@require_POST
def walk_stop_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(WalkSurvey, pk=pk)
    form = WalkStopForm(request.POST)
    if form.is_valid():
        data = {
            name: value or 0
            for name, value in form.cleaned_data.items()
            if name not in ("place", "department", "form_names")
        }
        services.walk_stop_add(
            survey=survey,
            place=form.cleaned_data["place"],
            department=form.cleaned_data["department"],
            wait_seconds=data["wait_seconds"],
            handling_seconds=data["handling_seconds"],
            forms=data["forms"],
            form_names=form.cleaned_data["form_names"],
            writes={category: data[selectors.WRITE_FIELDS[category]] for category in Category},
            actor=_staff(request),
            client_address=client_address_of(request),
        )
        form = WalkStopForm()
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "insights/_walk_stops.html", _walk_context(survey, form))
    if form.is_bound:
        return render(request, "insights/walk.html", _walk_context(survey, form), status=400)
    return redirect("insights:walk", pk=pk)


@dx_required
@require_POST
def walk_stop_remove(request: HttpRequest, pk: int) -> HttpResponse:
    stop_id = request.POST.get("stop", "")
    stop = get_object_or_404(
        WalkStop, pk=int(stop_id) if stop_id.isdigit() and len(stop_id) <= 18 else 0, survey_id=pk
    )
    services.walk_stop_remove(stop=stop, actor=_staff(request), client_address=client_address_of(request))
    return redirect("insights:walk", pk=pk)


@require_http_methods(["GET", "POST"])
def resident_survey(request: HttpRequest) -> HttpResponse:
    """The anonymous 3Q survey on the resident screen, offered once the resident has confirmed."""
    event = survey_offered(request.session)
    if event is None:
        return render(request, "insights/resident_survey_done.html", {"expired": True})
    form = ResidentSurveyForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        if any(value not in (None, "") for value in form.cleaned_data.values()):
            services.resident_survey_record(event=event, **form.cleaned_data)
        survey_withdraw(request.session)
        return render(request, "insights/resident_survey_done.html", {"expired": False})
    return render(request, "insights/resident_survey.html", {"form": form})
