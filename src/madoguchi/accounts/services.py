"""Write operations for staff accounts: creation, login throttling and login auditing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from madoguchi.accounts.models import Department, LoginFailure, LoginLock, Staff
from madoguchi.accounts.roles import Role
from madoguchi.audit.services import audit_record


def staff_create(
    *,
    username: str,
    password: str,
    display_name: str,
    roles: Iterable[Role],
    department_codes: Iterable[str] = (),
    created_by: Staff | None = None,
) -> Staff:
    """Create a member of staff with roles and departments; the password must pass the validators."""
    with transaction.atomic():
        staff = Staff(username=username, display_name=display_name)
        validate_password(password, staff)
        staff.set_password(password)
        staff.save()
        staff.groups.set(Group.objects.filter(name__in=[role.value for role in roles]))
        staff.departments.set(Department.objects.filter(code__in=list(department_codes)))
        audit_record(
            action="staff.create",
            actor=created_by,
            subject=f"staff:{staff.pk}",
            detail={"roles": sorted(role.value for role in roles)},
        )
    return staff


def login_refused_until(*, username: str, address: str | None) -> timedelta | None:
    """Return how long logins stay refused for this account or address, or None if allowed."""
    now = timezone.now()
    keys = [(LoginLock.Kind.ACCOUNT, username.lower())]
    if address:
        keys.append((LoginLock.Kind.ADDRESS, address))
    remaining = [
        lock.locked_until - now
        for kind, key in keys
        for lock in LoginLock.objects.filter(kind=kind, key=key, locked_until__gt=now)
    ]
    return max(remaining) if remaining else None


def login_failure_record(*, username: str, address: str | None, reason: str) -> None:
    """Record a failed login, audit it, and lock the account or address past the limit."""
    now = timezone.now()
    window_start = now - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    key = username.lower()
    with transaction.atomic():
        LoginFailure.objects.create(username=key, address=address, at=now)
        LoginFailure.objects.filter(at__lt=window_start).delete()
        known = Staff.objects.filter(username__iexact=username).first()
        audit_record(
            action="auth.login_failed",
            actor=known,
            subject=f"staff:{known.pk}" if known else "",
            detail={"reason": reason, "known_account": known is not None},
            client_address=address or "",
        )
        _lock_if_over_limit(LoginLock.Kind.ACCOUNT, key, {"username": key}, window_start, now)
        if address:
            _lock_if_over_limit(LoginLock.Kind.ADDRESS, address, {"address": address}, window_start, now)


def login_success_record(*, staff: Staff, address: str | None) -> None:
    """Audit a successful login."""
    audit_record(action="auth.login", actor=staff, subject=f"staff:{staff.pk}", client_address=address or "")


def logout_record(*, staff: Staff, address: str | None, reason: str = "logout") -> None:
    """Audit the end of a session (logout or expiry)."""
    audit_record(
        action="auth.logout",
        actor=staff,
        subject=f"staff:{staff.pk}",
        detail={"reason": reason},
        client_address=address or "",
    )


def _lock_if_over_limit(
    kind: str, key: str, failure_filter: dict[str, str], window_start: object, now: object
) -> None:
    failures = LoginFailure.objects.filter(at__gte=window_start, **failure_filter).count()
    if failures >= settings.LOGIN_MAX_FAILURES:
        until = timezone.now() + timedelta(seconds=settings.LOGIN_LOCK_SECONDS)
        LoginLock.objects.update_or_create(kind=kind, key=key, defaults={"locked_until": until})
        audit_record(
            action="auth.login_locked", actor=None, subject="", detail={"kind": kind, "failures": failures}
        )
