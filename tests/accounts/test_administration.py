"""Administration: every change audited, refusals in Japanese, the grant's date honoured."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from madoguchi.accounts.models import Department, RestrictedAccessGrant, Staff
from madoguchi.accounts.roles import Role
from madoguchi.accounts.services import (
    department_create,
    staff_active_set,
    staff_restricted_access_set,
    staff_update,
)
from madoguchi.audit.models import AuditEntry
from madoguchi.registry.visibility import sees_restricted

pytestmark = pytest.mark.django_db


def _fresh(staff: Staff) -> Staff:
    return Staff.objects.get(pk=staff.pk)


@pytest.mark.parametrize(("days", "sees"), [(1, True), (0, True), (-1, False)])
def test_the_entitlement_holds_through_its_last_day_only(counter_staff, days, sees):
    staff_restricted_access_set(staff=counter_staff, granted=True)
    until = timezone.localdate() + dt.timedelta(days=days)
    RestrictedAccessGrant.objects.filter(staff=counter_staff).update(valid_until=until)
    assert sees_restricted(_fresh(counter_staff)) is sees


def test_a_group_or_direct_permission_alone_does_not_entitle(counter_staff):
    from django.contrib.auth.models import Permission

    counter_staff.user_permissions.add(Permission.objects.get(codename="view_restricted_resident"))
    assert not sees_restricted(_fresh(counter_staff))


def test_granting_with_a_past_date_is_refused(counter_staff, admin_staff):
    with pytest.raises(ValidationError, match="今日以降"):
        staff_restricted_access_set(
            staff=counter_staff, granted=True, valid_until=dt.date(2020, 1, 1), actor=admin_staff
        )
    assert not RestrictedAccessGrant.objects.exists()


def test_withdrawing_removes_the_grant_and_is_audited(counter_staff, admin_staff):
    staff_restricted_access_set(staff=counter_staff, granted=True, actor=admin_staff)
    staff_restricted_access_set(staff=counter_staff, granted=False, actor=admin_staff)
    assert not sees_restricted(_fresh(counter_staff))
    actions = list(
        AuditEntry.objects.filter(subject=f"staff:{counter_staff.pk}").values_list("action", flat=True)
    )
    assert actions[-2:] == ["staff.restricted_access_granted", "staff.restricted_access_withdrawn"]


def test_the_command_grants_until_a_date(counter_staff, capsys):
    until = timezone.localdate() + dt.timedelta(days=30)
    call_command("restricted_access", "grant", "counter", "--until", until.isoformat())
    assert RestrictedAccessGrant.objects.get(staff=counter_staff).valid_until == until
    assert "まで" in capsys.readouterr().out


def test_an_admin_cannot_disable_themselves_or_drop_their_admin_role(admin_staff):
    with pytest.raises(ValidationError, match="自分自身は無効にできません"):
        staff_active_set(staff=admin_staff, active=False, actor=admin_staff)
    with pytest.raises(ValidationError, match="管理者"):
        staff_update(
            staff=admin_staff, display_name="x", roles=[Role.COUNTER], department_codes=[], actor=admin_staff
        )


def test_update_audits_before_and_after(counter_staff, admin_staff):
    staff_update(
        staff=counter_staff,
        display_name="窓口 次郎",
        roles=[Role.COUNTER, Role.DEPARTMENT],
        department_codes=["zeimu"],
        actor=admin_staff,
    )
    entry = AuditEntry.objects.get(action="staff.update")
    assert entry.detail["before"] == {"roles": ["窓口職員"], "departments": ["shimin"]}
    assert entry.detail["after"] == {"roles": ["担当課職員", "窓口職員"], "departments": ["zeimu"]}


def test_department_create_is_audited_and_refuses_a_duplicate_code(admin_staff):
    department = department_create(code="kankyo", name="環境衛生課", order=90, actor=admin_staff)
    assert AuditEntry.objects.get(action="department.create").subject == f"department:{department.pk}"
    with pytest.raises(ValidationError):
        department_create(code="kankyo", name="別の課", actor=admin_staff)
    assert Department.objects.filter(code="kankyo").count() == 1


@pytest.mark.parametrize(
    ("who", "status"), [("counter_staff", 403), ("auditor_staff", 403), ("admin_staff", 200)]
)
def test_only_administrators_open_the_staff_pages(request, login_client, who, status):
    client = login_client(request.getfixturevalue(who))
    for url in ("/accounts/staff/", "/accounts/staff/new/", "/accounts/departments/"):
        assert client.get(url).status_code == status


def test_a_reset_member_is_sent_to_change_the_password_on_every_page(counter_staff, login_client):
    client = login_client(counter_staff)
    Staff.objects.filter(pk=counter_staff.pk).update(must_change_password=True)
    response = client.get("/residents/", headers={"HX-Request": "true"})
    assert response.status_code == 302
    assert response["HX-Redirect"] == "/accounts/password/"
    assert client.get("/accounts/password/").status_code == 200


def test_a_bad_new_password_is_explained_beside_the_field(counter_staff, login_client):
    client = login_client(counter_staff)
    from tests.conftest import PASSWORD

    response = client.post(
        "/accounts/password/",
        {"current_password": PASSWORD, "new_password": "12345678", "new_password_again": "12345678"},
    )
    assert response.status_code == 400
    assert "field__error" in response.content.decode()
    assert not AuditEntry.objects.filter(action="staff.password_change").exists()
