"""Login, logout, the role home page and the staff list."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from madoguchi.accounts.forms import LoginForm
from madoguchi.accounts.middleware import LAST_SEEN_KEY, STARTED_KEY
from madoguchi.accounts.models import Staff
from madoguchi.accounts.requests import staff_of
from madoguchi.accounts.selectors import staff_list, staff_roles
from madoguchi.accounts.services import (
    login_failure_record,
    login_refused_record,
    login_refused_until,
    login_success_record,
    logout_record,
)
from madoguchi.audit.services import client_address_of


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return redirect("home")
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        response = _attempt_login(request, form)
        if response.status_code == 302:
            return response
        status = response.status_code
    return render(request, "accounts/login.html", {"form": form, "next": _safe_next(request)}, status=status)


def _attempt_login(request: HttpRequest, form: LoginForm) -> HttpResponse:
    username = form.cleaned_data["username"]
    address = client_address_of(request) or None
    refused = login_refused_until(username=username, address=address)
    if refused is not None:
        minutes = max(1, round(refused.total_seconds() / 60))
        login_refused_record(username=username, address=address, minutes_left=minutes)
        form.add_error(
            None,
            f"ログインの失敗が続いたため、ログインを受け付けていません。約{minutes}分後にもう一度お試しください。"
            "お急ぎの場合は管理者に連絡してください。",
        )
        return HttpResponse(status=429)
    staff = authenticate(request, username=username, password=form.cleaned_data["password"])
    if staff is None:
        login_failure_record(username=username, address=address, reason="bad_credentials")
        form.add_error(None, "職員IDまたはパスワードが正しくありません。")
        return HttpResponse(status=200)
    login(request, staff)  # cycles the session key
    now = timezone.now().timestamp()
    request.session[STARTED_KEY] = now
    request.session[LAST_SEEN_KEY] = now
    login_success_record(staff=staff, address=address)
    return redirect(_safe_next(request) or settings.LOGIN_REDIRECT_URL)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        logout_record(staff=staff_of(request), address=client_address_of(request))
    logout(request)  # flushes the session: the old cookie no longer authenticates
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    roles = staff_roles(staff_of(request))
    return render(request, "accounts/home.html", {"roles": roles})


@login_required
@permission_required("accounts.administer", raise_exception=True)
def staff_index(request: HttpRequest) -> HttpResponse:
    members: list[Staff] = list(staff_list())
    return render(request, "accounts/staff_list.html", {"members": members})
