"""Counter staff pages of the bereavement corner: day and week views, phone booking, one booking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from madoguchi.accounts.requests import staff_of
from madoguchi.audit.services import audit_request, client_address_of
from madoguchi.counter.selectors import resident_for_pick
from madoguchi.okuyami import calendar, services
from madoguchi.okuyami.followup import open_bereavement_cases
from madoguchi.okuyami.forms import BookingForm, CancelForm, SlotForm
from madoguchi.okuyami.models import Booking
from madoguchi.okuyami.printing import confirmation_pdf
from madoguchi.okuyami.selectors import booking_disclosure, booking_get, corner_first, pre_interview_specs
from madoguchi.registry.selectors import search
from madoguchi.registry.services import resident_search_record, resident_view_record
from madoguchi.registry.visibility import RESTRICTED_CASE_MESSAGE

COUNTER_PERMISSION = "accounts.use_counter"


def corner_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Require a signed-in member of counter staff."""
    return login_required(permission_required(COUNTER_PERMISSION, raise_exception=True)(view))


def with_booking(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Load the booking in the URL; staff not entitled to its 支援措置 deceased get the refusal page."""

    @wraps(view)
    def wrapper(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponse:
        booking = booking_get(pk)
        if booking is None:
            raise Http404
        shown = booking_disclosure(booking, staff_of(request))
        if not shown.allowed:
            context = {"message": RESTRICTED_CASE_MESSAGE}
            return render(request, "okuyami/restricted.html", context, status=403)
        request._madoguchi_shown = shown.audit_detail()  # type: ignore[attr-defined]  # per-request memo
        return view(request, booking, *args, **kwargs)

    return wrapper


def _day_param(request: HttpRequest, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get(name, "")[:10])
    except ValueError:
        return timezone.localdate()


@corner_view
@require_GET
def day_view(request: HttpRequest) -> HttpResponse:
    corner = corner_first()
    if corner is None:
        return render(request, "okuyami/no_corner.html")
    day = _day_param(request, "day")
    rows = calendar.day_rows(corner, day, staff_of(request), timezone.localtime().replace(tzinfo=None))
    subjects = [row.booking.subject for row in rows if row.booking is not None]
    audit_request(request, action="booking.list", detail={"day": day.isoformat(), "bookings": subjects})
    context = {"corner": corner, "day": day, "rows": rows, **calendar.neighbours(day)}
    return render(request, "okuyami/day.html", context)


@corner_view
@require_GET
def week_view(request: HttpRequest) -> HttpResponse:
    corner = corner_first()
    if corner is None:
        return render(request, "okuyami/no_corner.html")
    week = calendar.week(corner, _day_param(request, "start"), timezone.localtime().replace(tzinfo=None))
    return render(request, "okuyami/week.html", {"corner": corner, "week": week})


@corner_view
@require_GET
def booking_new(request: HttpRequest) -> HttpResponse:
    """Step 1: find the deceased; step 2 (?deceased=): the booking form with the pre-interview."""
    corner = corner_first()
    if corner is None:
        return render(request, "okuyami/no_corner.html")
    picked = request.GET.get("deceased")
    if picked is None:
        return render(request, "okuyami/find.html", {"corner": corner, "slot": _slot_initial(request)})
    resident = resident_for_pick(picked, staff_of(request))
    if resident is None:
        raise Http404
    resident_view_record(
        resident=resident, actor=staff_of(request), client_address=client_address_of(request)
    )
    initial = {**_slot_initial(request), "death_date": resident.removed_on}
    form = BookingForm(initial=initial, questions=pre_interview_specs())
    return render(request, "okuyami/new.html", {"corner": corner, "form": form, "resident": resident})


def _slot_initial(request: HttpRequest) -> dict[str, str]:
    return {k: request.GET.get(k, "")[:10] for k in ("day", "start") if request.GET.get(k)}


@corner_view
@require_POST
def booking_search(request: HttpRequest) -> HttpResponse:
    """Search the register for the deceased (POST: names stay out of URLs); audited like the counter's."""
    if not request.user.has_perm("registry.search_resident"):
        raise PermissionDenied
    text = request.POST.get("q", "").strip()
    context: dict[str, Any] = {"corner": corner_first(), "text": text[:100], "result": None}
    context["slot"] = {k: request.POST.get(k, "")[:10] for k in ("day", "start")}
    if len(text) > 100:
        context["error"] = (
            "検索語が長すぎます（100文字まで）。氏名・かな・生年月日・宛名番号のどれかを入力してください"
        )
    elif text:
        result = search(text, viewer=request.user)
        resident_search_record(
            result=result,
            actor=staff_of(request),
            client_address=client_address_of(request),
            channel="okuyami",
        )
        context["result"] = result
    else:
        context["error"] = "亡くなった方の氏名・かな・生年月日・宛名番号のどれかを入力してください"
    return render(request, "okuyami/find.html", context, status=400 if "error" in context else 200)


@corner_view
@require_POST
def booking_create(request: HttpRequest) -> HttpResponse:
    corner = corner_first()
    resident = resident_for_pick(request.POST.get("deceased", ""), staff_of(request))
    if corner is None or resident is None:
        raise Http404
    form = BookingForm(request.POST, questions=pre_interview_specs())
    if form.is_valid():
        data = form.cleaned_data
        family = services.Family(**{k: data[k] for k in services.Family.__dataclass_fields__})
        try:
            booking = services.booking_create(
                corner=corner,
                day=data["day"],
                start=data["start"],
                deceased=resident,
                death_date=data["death_date"],
                family=family,
                answers=form.answers(),
                actor=staff_of(request),
                client_address=client_address_of(request),
            )
        except services.BookingError as err:
            form.add_refusal(err.field, str(err))
        else:
            messages.success(request, "予約を受け付けました。予約確認票を印刷するか、読み上げてください")
            return redirect("okuyami:booking", pk=booking.pk)
    context = {"corner": corner, "form": form, "resident": resident}
    return render(request, "okuyami/new.html", context, status=400)


def booking_context(request: HttpRequest, booking: Booking, **extra: Any) -> dict[str, Any]:
    """Return what the booking page shows: the booking, preparation progress, the action forms."""
    preparations = list(booking.preparations.all())
    return {
        "booking": booking,
        "preparations": preparations,
        "prepared": sum(p.status == p.Status.DONE for p in preparations),
        "reschedule_form": SlotForm(initial={"day": booking.day, "start": f"{booking.start:%H:%M}"}),
        "cancel_form": CancelForm(),
        **extra,
    }


@corner_view
@require_GET
@with_booking
def booking_detail(request: HttpRequest, booking: Booking) -> HttpResponse:
    audit_request(request, action="booking.view", subject=booking.subject, detail=_shown(request))
    return render(request, "okuyami/booking.html", booking_context(request, booking))


def _shown(request: HttpRequest) -> dict[str, Any]:
    """Return what the audit entry says about 支援措置 data shown (with_booking worked it out)."""
    return dict(getattr(request, "_madoguchi_shown", {}))


def _refused(request: HttpRequest, booking: Booking, **extra: Any) -> HttpResponse:
    audit_request(request, action="booking.view", subject=booking.subject, detail=_shown(request))
    return render(request, "okuyami/booking.html", booking_context(request, booking, **extra), status=400)


@corner_view
@require_POST
@with_booking
def booking_reschedule(request: HttpRequest, booking: Booking) -> HttpResponse:
    form = SlotForm(request.POST)
    if form.is_valid():
        try:
            services.booking_reschedule(
                booking=booking,
                day=form.cleaned_data["day"],
                start=form.cleaned_data["start"],
                actor=staff_of(request),
                client_address=client_address_of(request),
            )
        except services.BookingError as err:
            form.add_refusal(err.field, str(err))
        else:
            messages.success(request, "予約の日時を変更しました")
            return redirect("okuyami:booking", pk=booking.pk)
    return _refused(request, booking, reschedule_form=form)


@corner_view
@require_POST
@with_booking
def booking_cancel(request: HttpRequest, booking: Booking) -> HttpResponse:
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.booking_cancel(
                booking=booking,
                reason=form.cleaned_data["reason"],
                actor=staff_of(request),
                client_address=client_address_of(request),
            )
        except services.BookingError as err:
            form.add_error("reason", str(err))
        else:
            messages.success(request, "予約を取り消しました")
            return redirect("okuyami:booking", pk=booking.pk)
    return _refused(request, booking, cancel_form=form)


@corner_view
@require_POST
@with_booking
def booking_no_show(request: HttpRequest, booking: Booking) -> HttpResponse:
    try:
        services.booking_no_show(
            booking=booking, actor=staff_of(request), client_address=client_address_of(request)
        )
    except services.BookingError as err:
        return _refused(request, booking, errors=[str(err)])
    return redirect("okuyami:booking", pk=booking.pk)


@corner_view
@require_GET
@with_booking
def booking_sheet(request: HttpRequest, booking: Booking) -> HttpResponse:
    pdf = confirmation_pdf(
        booking=booking,
        actor=staff_of(request),
        client_address=client_address_of(request),
        disclosed=_shown(request),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="okuyami-booking-{booking.pk}.pdf"'
    return response


@corner_view
@require_POST
@with_booking
def booking_arrive(request: HttpRequest, booking: Booking) -> HttpResponse:
    """Visit day: start (or reopen) the counter case with everything known before the visit."""
    try:
        case = services.booking_arrive(
            booking=booking, actor=staff_of(request), client_address=client_address_of(request)
        )
    except services.BookingError as err:
        return _refused(request, booking, errors=[str(err)])
    return redirect("counter:case", pk=case.pk)


@corner_view
@require_POST
@with_booking
def booking_leave(request: HttpRequest, booking: Booking) -> HttpResponse:
    try:
        services.booking_leave(
            booking=booking, actor=staff_of(request), client_address=client_address_of(request)
        )
    except services.BookingError as err:
        return _refused(request, booking, errors=[str(err)])
    messages.success(request, "退庁を記録しました")
    return redirect("okuyami:booking", pk=booking.pk)


@corner_view
@require_GET
def followup_view(request: HttpRequest) -> HttpResponse:
    rows = open_bereavement_cases(staff_of(request), timezone.localdate())
    audit_request(request, action="followup.list", detail={"cases": [row.case.subject for row in rows]})
    return render(request, "okuyami/followup.html", {"rows": rows})
