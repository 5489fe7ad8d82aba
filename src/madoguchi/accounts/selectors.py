"""Reads about staff."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from madoguchi.accounts.models import Department, Staff
from madoguchi.accounts.roles import ROLE_ORDER, Role


def staff_roles(staff: Staff) -> list[Role]:
    """Return the roles a member of staff holds, in the fixed display order."""
    names = {group.name for group in staff.groups.all()}
    return [role for role in ROLE_ORDER if role.value in names]


def staff_list() -> QuerySet[Staff]:
    """Return all staff with their roles and departments, for the admin page."""
    return Staff.objects.prefetch_related(
        "groups", Prefetch("departments", queryset=Department.objects.order_by("order"))
    ).order_by("username")
