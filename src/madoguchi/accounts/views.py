"""Login, logout, the role home page and changing one's own password."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from madoguchi.accounts.forms import LoginForm, PasswordChangeForm
from madoguchi.accounts.middleware import LAST_SEEN_KEY, STARTED_KEY
from madoguchi.accounts.models import Staff
from madoguchi.accounts.requests import staff_of
from madoguchi.accounts.selectors import staff_roles
from madoguchi.accounts.services import (
    login_failure_record,
    login_refused_record,
    login_refused_until,
    login_success_record,
    logout_record,
    staff_password_change,
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
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """Let a member change their own password, re-typing the current one (forced after a reset)."""
    staff = request.user
    assert isinstance(staff, Staff)
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            staff_password_change(
                staff=staff,
                current_password=form.cleaned_data["current_password"],
                new_password=form.cleaned_data["new_password"],
                client_address=client_address_of(request),
            )
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                form.add_error(field, errors)
        else:
            update_session_auth_hash(request, staff)  # stay signed in; other sessions end
            messages.success(request, "パスワードを変更しました。")
            return redirect("home")
    status = 400 if form.errors else 200
    context = {"form": form, "forced": staff.must_change_password}
    return render(request, "accounts/password_change.html", context, status=status)
