"""Reads about staff."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from madoguchi.accounts.models import Department, RestrictedAccessGrant, Staff
from madoguchi.accounts.roles import ROLE_ORDER, Role


def staff_roles(staff: Staff) -> list[Role]:
    """Return the roles a member of staff holds, in the fixed display order."""
    names = {group.name for group in staff.groups.all()}
    return [role for role in ROLE_ORDER if role.value in names]


def staff_list() -> QuerySet[Staff]:
    """Return all staff with their roles, departments and 支援措置 grant, for the admin page."""
    return (
        Staff.objects.select_related("restricted_grant")
        .prefetch_related("groups", Prefetch("departments", queryset=Department.objects.order_by("order")))
        .order_by("username")
    )


def restricted_grant_of(staff: Staff) -> RestrictedAccessGrant | None:
    """Return the staff member's 支援措置 grant (valid or not), or None; no query when already loaded."""
    if Staff.restricted_grant.is_cached(staff):
        grant: RestrictedAccessGrant | None = getattr(staff, "restricted_grant", None)
        return grant
    return RestrictedAccessGrant.objects.filter(staff_id=staff.pk).first()


def restricted_grant_valid(staff: Staff) -> bool:
    """Return whether the 支援措置 entitlement holds today (Asia/Tokyo); the grant comes with the user."""
    grant = restricted_grant_of(staff)
    return grant is not None and grant.valid_on(timezone.localdate())


def restricted_grant_forget(staff: Staff) -> None:
    """Drop the cached answers about a staff member's permissions after they change."""
    # Django's own permission caches (ModelBackend) and the cached related grant.
    for name in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        staff.__dict__.pop(name, None)
    if Staff.restricted_grant.is_cached(staff):
        Staff.restricted_grant.related.delete_cached_value(staff)


def department_list() -> QuerySet[Department]:
    """Return every department in display order, with how many staff belong to it."""
    return Department.objects.annotate(staff_count=Count("staff")).order_by("order", "code")
