"""Django's model backend, with the 支援措置 entitlement granted only while its grant is valid."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from madoguchi.accounts.models import Staff
from madoguchi.accounts.selectors import restricted_grant_valid
from madoguchi.registry.visibility import RESTRICTED_PERMISSION


class StaffBackend(ModelBackend):
    """Take ``registry.view_restricted_resident`` from a valid RestrictedAccessGrant, never from a group.

    ``registry.visibility.sees_restricted`` asks ``has_perm``, so a grant past its date hides restricted
    residents on the next request without anybody withdrawing it.
    """

    def get_user(self, user_id: Any) -> Staff | None:
        """Load the request's user with their grant in the same query (the check then costs none)."""
        user = Staff.objects.select_related("restricted_grant").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        perms = set(super().get_all_permissions(user_obj, obj))
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return perms
        if restricted_grant_valid(user_obj):
            return perms | {RESTRICTED_PERMISSION}
        return perms - {RESTRICTED_PERMISSION}
