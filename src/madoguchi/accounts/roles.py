"""The five staff roles and the permissions each carries. Roles are Django groups."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Role(StrEnum):
    """Staff roles; the value is the group name shown to staff."""

    COUNTER = "窓口職員"
    DEPARTMENT = "担当課職員"
    ADMIN = "管理者"
    AUDITOR = "監査担当"
    DX = "DX推進"


# app_label.codename for each role; later features add their permissions here.
# registry.view_restricted_resident (支援措置) belongs to no role: it is granted to named staff only.
ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.COUNTER: ("accounts.use_counter", "registry.search_resident", "registry.view_resident"),
    Role.DEPARTMENT: ("accounts.work_department_tasks",),
    Role.ADMIN: ("accounts.administer", "registry.import_resident", "insights.use_insights"),
    Role.AUDITOR: ("audit.view_auditentry",),
    Role.DX: ("insights.use_insights",),
}

# Which home page section each role sees first, in this order when a person holds several roles.
ROLE_ORDER = (Role.COUNTER, Role.DEPARTMENT, Role.ADMIN, Role.AUDITOR, Role.DX)


def sync_roles() -> None:
    """Create the role groups and give each exactly its permissions."""
    from django.contrib.auth.models import Group, Permission

    existing = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.set([existing[dotted] for dotted in perms])


def sync_roles_after_migrate(sender: Any, **kwargs: Any) -> None:
    """Sync roles once every permission they need has been created by the auth app."""
    from django.contrib.auth.models import Permission

    needed = {dotted for perms in ROLE_PERMISSIONS.values() for dotted in perms}
    found = Permission.objects.filter(
        content_type__app_label__in={d.split(".")[0] for d in needed}
    ).values_list("content_type__app_label", "codename")
    if needed <= {f"{app_label}.{codename}" for app_label, codename in found}:
        sync_roles()
