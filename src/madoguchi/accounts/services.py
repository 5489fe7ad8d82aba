"""Write operations for staff accounts and departments: administration, passwords, login auditing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from madoguchi.accounts.models import Department, LoginFailure, LoginLock, RestrictedAccessGrant, Staff
from madoguchi.accounts.roles import Role
from madoguchi.accounts.selectors import restricted_grant_forget
from madoguchi.audit.services import audit_record
from madoguchi.registry.uploads import pending_uploads_discard_for


def staff_create(
    *,
    username: str,
    password: str,
    display_name: str,
    roles: Iterable[Role],
    department_codes: Iterable[str] = (),
    created_by: Staff | None = None,
    client_address: str = "",
    must_change_password: bool = False,
) -> Staff:
    """Create a member of staff with roles and departments; the password must pass the validators.

    Never a superuser: every permission comes from a role, so that nobody sees everything unseen.
    """
    role_values = sorted(_checked_role(role) for role in roles)
    with transaction.atomic():
        staff = Staff(
            username=username,
            display_name=display_name,
            is_superuser=False,
            is_staff=False,
            must_change_password=must_change_password,
        )
        staff.full_clean(exclude=["password"])
        validate_password(password, staff)
        staff.set_password(password)
        staff.save()
        staff.groups.set(Group.objects.filter(name__in=role_values))
        staff.departments.set(Department.objects.filter(code__in=list(department_codes)))
        audit_record(
            action="staff.create",
            actor=created_by,
            subject=f"staff:{staff.pk}",
            detail={"roles": role_values, "departments": staff.department_codes()},
            client_address=client_address,
        )
    return staff


def staff_update(
    *,
    staff: Staff,
    display_name: str,
    roles: Iterable[Role],
    department_codes: Iterable[str],
    actor: Staff,
    client_address: str = "",
) -> None:
    """Change a member's display name, roles and departments; the audit entry keeps before and after."""
    role_values = sorted(_checked_role(role) for role in roles)
    if staff.pk == actor.pk and Role.ADMIN.value not in role_values:
        raise ValidationError("自分自身の「管理者」の役割は外せません（別の管理者に依頼してください）")
    with transaction.atomic():
        before = {"roles": _role_values_of(staff), "departments": staff.department_codes()}
        staff.display_name = display_name
        staff.full_clean(exclude=["password"])
        staff.save(update_fields=["display_name"])
        staff.groups.set(Group.objects.filter(name__in=role_values))
        staff.departments.set(Department.objects.filter(code__in=list(department_codes)))
        after = {"roles": role_values, "departments": staff.department_codes()}
        audit_record(
            action="staff.update",
            actor=actor,
            subject=f"staff:{staff.pk}",
            detail={"before": before, "after": after},
            client_address=client_address,
        )


def staff_active_set(*, staff: Staff, active: bool, actor: Staff, client_address: str = "") -> None:
    """Disable a member of staff (their session ends on the next request) or enable them again."""
    if staff.pk == actor.pk and not active:
        raise ValidationError("自分自身は無効にできません（別の管理者に依頼してください）")
    with transaction.atomic():
        staff.is_active = active
        staff.save(update_fields=["is_active"])
        audit_record(
            action="staff.enable" if active else "staff.disable",
            actor=actor,
            subject=f"staff:{staff.pk}",
            client_address=client_address,
        )


def _role_values_of(staff: Staff) -> list[str]:
    return sorted(staff.groups.values_list("name", flat=True))


def _checked_role(role: object) -> str:
    """Return the group name of a role, refusing anything that is not one of the Role choices."""
    try:
        return Role(str(role)).value
    except ValueError:
        shown = str(role)[:20] + ("…" if len(str(role)) > 20 else "")
        choices = "・".join(member.value for member in Role)
        raise ValidationError(f"役割「{shown}」はありません（{choices} のいずれか）") from None


def staff_password_set(
    *,
    staff: Staff,
    password: str,
    changed_by: Staff | None,
    client_address: str = "",
    must_change: bool = False,
) -> None:
    """Set a new password (it must pass the validators) and audit who set it.

    With ``must_change`` (an administrator's reset) the member must choose their own at the next page.
    """
    validate_password(password, staff)
    with transaction.atomic():
        staff.set_password(password)
        staff.must_change_password = must_change
        staff.save(update_fields=["password", "must_change_password"])
        audit_record(
            action="staff.password_set",
            actor=changed_by,
            subject=f"staff:{staff.pk}",
            detail={"must_change": True} if must_change else {},
            client_address=client_address,
        )


def staff_password_change(
    *, staff: Staff, current_password: str, new_password: str, client_address: str = ""
) -> None:
    """Change one's own password after re-typing the current one; it must differ and pass the validators."""
    if not staff.check_password(current_password):
        raise ValidationError({"current_password": "現在のパスワードが正しくありません。"})
    if current_password == new_password:
        raise ValidationError({"new_password": "今のパスワードとは違うパスワードにしてください。"})
    try:
        validate_password(new_password, staff)
    except ValidationError as error:
        raise ValidationError({"new_password": error.messages}) from None
    with transaction.atomic():
        staff.set_password(new_password)
        staff.must_change_password = False
        staff.save(update_fields=["password", "must_change_password"])
        audit_record(
            action="staff.password_change",
            actor=staff,
            subject=f"staff:{staff.pk}",
            client_address=client_address,
        )


def staff_authenticate_cli(*, username: str, password: str, client_address: str) -> Staff:
    """Check a staff member's password for a command-line action; failures count as failed logins."""
    if login_refused_until(username=username, address=None) is not None:
        raise PermissionDenied("ログインの失敗が続いたため、この職員IDは一時的に使えません")
    staff = authenticate(None, username=username, password=password)
    if staff is None:
        login_failure_record(
            username=username, address=None, reason="bad_credentials_cli", client_address=client_address
        )
        raise PermissionDenied("職員IDまたはパスワードが正しくありません")
    assert isinstance(staff, Staff)
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


def login_failure_record(
    *, username: str, address: str | None, reason: str, client_address: str | None = None
) -> None:
    """Record a failed login, audit it, and lock the account or address past the limit.

    `address` is the network address that throttling counts; `client_address` overrides what the
    audit trail shows (the command line has no network address but an operating-system user).
    """
    now = timezone.now()
    window_start = now - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    key = username.lower()
    shown_address = (address or "") if client_address is None else client_address
    with transaction.atomic():
        LoginFailure.objects.create(username=key, address=address, at=now)
        LoginFailure.objects.filter(at__lt=window_start).delete()
        known = _known_staff(username)
        audit_record(
            action="auth.login_failed",
            actor=known,
            subject=f"staff:{known.pk}" if known else "",
            detail={"reason": reason, "known_account": known is not None},
            client_address=shown_address,
        )
        lock = _Lock(known=known, client_address=shown_address, window_start=window_start)
        lock.if_over_limit(LoginLock.Kind.ACCOUNT, key, {"username": key})
        if address:
            lock.if_over_limit(LoginLock.Kind.ADDRESS, address, {"address": address})


def login_refused_record(*, username: str, address: str | None, minutes_left: int) -> None:
    """Audit a login refused during a lock; name the account only when it exists."""
    known = _known_staff(username)
    audit_record(
        action="auth.login_refused",
        actor=known,
        subject=f"staff:{known.pk}" if known else "",
        detail={"minutes_left": minutes_left, "known_account": known is not None},
        client_address=address or "",
    )


def _known_staff(username: str) -> Staff | None:
    # A typed name that matches no account is never recorded: it may be a password typed in the wrong box.
    return Staff.objects.filter(username__iexact=username).first()


def login_success_record(*, staff: Staff, address: str | None) -> None:
    """Audit a successful login."""
    audit_record(action="auth.login", actor=staff, subject=f"staff:{staff.pk}", client_address=address or "")


def logout_record(*, staff: Staff, address: str | None, reason: str = "logout") -> None:
    """Audit the end of a session (logout or expiry) and remove the uploads it left waiting."""
    pending_uploads_discard_for(staff_pk=staff.pk)
    audit_record(
        action="auth.logout",
        actor=staff,
        subject=f"staff:{staff.pk}",
        detail={"reason": reason},
        client_address=address or "",
    )


@dataclass(frozen=True)
class _Lock:
    known: Staff | None
    client_address: str
    window_start: datetime

    def if_over_limit(self, kind: str, key: str, failure_filter: dict[str, str]) -> None:
        """Lock the account or address once its failures in the window reach the limit, and audit it."""
        failures = LoginFailure.objects.filter(at__gte=self.window_start, **failure_filter).count()
        if failures < settings.LOGIN_MAX_FAILURES:
            return
        until = timezone.now() + timedelta(seconds=settings.LOGIN_LOCK_SECONDS)
        LoginLock.objects.update_or_create(kind=kind, key=key, defaults={"locked_until": until})
        audit_record(
            action="auth.login_locked",
            actor=self.known,
            subject=f"staff:{self.known.pk}" if self.known else "",
            detail={"kind": kind, "failures": failures, "known_account": self.known is not None},
            client_address=self.client_address,
        )


def staff_restricted_access_set(
    *,
    staff: Staff,
    granted: bool,
    valid_until: date | None = None,
    actor: Staff | None = None,
    client_address: str = "",
) -> None:
    """Grant (until ``valid_until``, inclusive; None for no end) or withdraw the 支援措置 entitlement.

    It belongs to no role: only named staff hold it, and ``accounts.backends`` honours the date.
    """
    if granted and valid_until is not None and valid_until < timezone.localdate():
        raise ValidationError({"valid_until": "有効期限には今日以降の日付を指定してください。"})
    with transaction.atomic():
        if granted:
            RestrictedAccessGrant.objects.update_or_create(
                staff=staff, defaults={"valid_until": valid_until, "granted_at": timezone.now()}
            )
        else:
            RestrictedAccessGrant.objects.filter(staff=staff).delete()
        audit_record(
            action="staff.restricted_access_granted" if granted else "staff.restricted_access_withdrawn",
            actor=actor,
            subject=f"staff:{staff.pk}",
            detail={"valid_until": valid_until.isoformat() if valid_until else None} if granted else {},
            client_address=client_address,
        )
    restricted_grant_forget(staff)


def department_create(
    *, code: str, name: str, order: int = 0, actor: Staff | None, client_address: str = ""
) -> Department:
    """Create a department (課); the code is a slug that never changes, the name may."""
    with transaction.atomic():
        department = Department(code=code, name=name, order=order)
        department.full_clean()
        department.save()
        audit_record(
            action="department.create",
            actor=actor,
            subject=f"department:{department.pk}",
            detail={"code": code, "name": name},
            client_address=client_address,
        )
    return department


def department_update(
    *, department: Department, name: str, order: int, actor: Staff, client_address: str = ""
) -> None:
    """Rename or reorder a department; the audit entry keeps the old name."""
    with transaction.atomic():
        before = department.name
        department.name, department.order = name, order
        department.full_clean()
        department.save(update_fields=["name", "order"])
        audit_record(
            action="department.update",
            actor=actor,
            subject=f"department:{department.pk}",
            detail={"code": department.code, "before": before, "name": name},
            client_address=client_address,
        )
