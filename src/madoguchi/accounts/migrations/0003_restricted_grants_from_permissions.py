"""Move the 支援措置 entitlement from per-user permissions to grants (no end date, as before)."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.utils import timezone


def forwards(apps: Any, schema_editor: Any) -> None:
    permission_model = apps.get_model("auth", "Permission")
    grant_model = apps.get_model("accounts", "RestrictedAccessGrant")
    staff_model = apps.get_model("accounts", "Staff")
    permission = permission_model.objects.filter(
        content_type__app_label="registry", codename="view_restricted_resident"
    ).first()
    if permission is None:  # a fresh database: the permission is created after migrating
        return
    holders = staff_model.objects.filter(user_permissions=permission)
    for staff in holders:
        grant_model.objects.get_or_create(staff=staff, defaults={"granted_at": timezone.now()})
        staff.user_permissions.remove(permission)


def backwards(apps: Any, schema_editor: Any) -> None:
    permission_model = apps.get_model("auth", "Permission")
    grant_model = apps.get_model("accounts", "RestrictedAccessGrant")
    permission = permission_model.objects.filter(
        content_type__app_label="registry", codename="view_restricted_resident"
    ).first()
    if permission is None:
        return
    for grant in grant_model.objects.select_related("staff"):
        grant.staff.user_permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_staff_password_change_and_restricted_grant"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
