"""Reads about staff."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from madoguchi.accounts.models import Department, Staff
from madoguchi.accounts.roles import ROLE_ORDER, Role


def staff_roles(staff: Staff) -> list[Role]:
    """Return the roles a member of staff holds, in the fixed display order."""
    names = {group.name for group in staff.groups.all()}
    return [role for role in ROLE_ORDER if role.value in names]


def staff_departments(staff: Staff) -> list[Department]:
    """Return the staff member's departments, read once per staff object.

    Like Django's permission cache on the user: a request's user is loaded afresh for every request,
    so the page header, the worklist and the audit entry of one request share one query.
    """
    # Django's own prefetch cache on the instance, not an attribute of ours.
    prefetch_related_objects([staff], "departments")
    return list(staff.departments.all())


def staff_list() -> QuerySet[Staff]:
    """Return all staff with their roles and departments, for the admin page."""
    return Staff.objects.prefetch_related(
        "groups", Prefetch("departments", queryset=Department.objects.order_by("order"))
    ).order_by("username")
