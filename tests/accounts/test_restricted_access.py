"""The 支援措置 entitlement is granted and withdrawn per named member of staff, audited."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from madoguchi.audit.models import AuditEntry
from madoguchi.registry.visibility import sees_restricted

pytestmark = pytest.mark.django_db


def test_grant_and_revoke_are_audited_and_decide_visibility(counter_staff):
    assert not sees_restricted(counter_staff)
    call_command("restricted_access", "grant", "counter")
    counter_staff = type(counter_staff).objects.get(pk=counter_staff.pk)  # a fresh permission cache
    assert sees_restricted(counter_staff)
    call_command("restricted_access", "revoke", "counter")
    counter_staff = type(counter_staff).objects.get(pk=counter_staff.pk)
    assert not sees_restricted(counter_staff)
    actions = list(
        AuditEntry.objects.filter(subject=f"staff:{counter_staff.pk}").values_list("action", flat=True)
    )
    assert actions[-2:] == ["staff.restricted_access_granted", "staff.restricted_access_withdrawn"]
    assert AuditEntry.objects.last().client_address.startswith("cli:")
