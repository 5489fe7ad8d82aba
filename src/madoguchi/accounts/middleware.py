"""End sessions after 30 minutes idle or 12 hours in all; hold a reset password until it is changed."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from madoguchi.accounts.requests import staff_of
from madoguchi.accounts.services import logout_record
from madoguchi.audit.services import client_address_of

STARTED_KEY = "madoguchi_auth_started_at"
LAST_SEEN_KEY = "madoguchi_last_seen_at"
# Refresh the idle clock at most this often: a session write on every request would serialise SQLite.
TOUCH_EVERY_SECONDS = 60


class SessionTimeoutMiddleware:
    """Log out a session past its idle or absolute limit, with a message saying why."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            expired = self._expiry_reason(request)
            if expired:
                return self._end_session(request, expired)
            now = timezone.now().timestamp()
            if now - request.session.get(LAST_SEEN_KEY, 0) >= TOUCH_EVERY_SECONDS:
                request.session[LAST_SEEN_KEY] = now  # saving also moves the server-side expiry
        return self.get_response(request)

    def _expiry_reason(self, request: HttpRequest) -> str:
        now = timezone.now().timestamp()
        started = request.session.setdefault(STARTED_KEY, now)
        last_seen = request.session.get(LAST_SEEN_KEY, now)
        if now - started > settings.SESSION_ABSOLUTE_SECONDS:
            return "absolute"
        if now - last_seen > settings.SESSION_IDLE_SECONDS:
            return "idle"
        return ""

    def _end_session(self, request: HttpRequest, reason: str) -> HttpResponse:
        logout_record(staff=staff_of(request), address=client_address_of(request), reason=f"expired_{reason}")
        logout(request)
        if reason == "absolute":
            messages.info(
                request,
                "ログインから12時間が経過したため、ログアウトしました。もう一度ログインしてください。",
            )
        else:
            messages.info(
                request, "30分間操作がなかったため、ログアウトしました。もう一度ログインしてください。"
            )
        response = redirect(settings.LOGIN_URL)
        if getattr(request, "htmx", False):
            response["HX-Redirect"] = response["Location"]
        return response


class PasswordChangeRequiredMiddleware:
    """Send a member whose password an administrator reset to change it before any other page."""

    # Pages still open meanwhile: the change page itself, logout, and static files.
    ALLOWED = ("accounts:password_change", "accounts:logout")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not (user.is_authenticated and getattr(user, "must_change_password", False)):
            return self.get_response(request)
        allowed = {reverse(name) for name in self.ALLOWED}
        if request.path in allowed or request.path.startswith(settings.STATIC_URL):
            return self.get_response(request)
        response = redirect("accounts:password_change")
        # Read the header itself: HtmxMiddleware runs after this one.
        if request.headers.get("HX-Request") == "true":
            response["HX-Redirect"] = response["Location"]
        return response
