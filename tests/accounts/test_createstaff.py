"""`madoguchi createstaff` and `setpassword`; Django's unaudited account commands refuse."""

from __future__ import annotations

import getpass
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from madoguchi.accounts.models import Staff
from madoguchi.accounts.roles import Role
from madoguchi.accounts.services import staff_create
from madoguchi.audit.models import AuditEntry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _create(monkeypatch, password: str, *args: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    call_command("createstaff", *args, "--password-stdin")


def test_creates_staff_with_role_and_department(monkeypatch, departments):
    _create(
        monkeypatch,
        "a-long-enough-pass-2026",
        "suzuki",
        "--name",
        "鈴木 一郎",
        "--role",
        "counter",
        "--department",
        "shimin",
    )
    staff = Staff.objects.get(username="suzuki")
    assert staff.check_password("a-long-enough-pass-2026")
    assert [g.name for g in staff.groups.all()] == ["窓口職員"]
    assert [d.code for d in staff.departments.all()] == ["shimin"]
    entry = AuditEntry.objects.get(action="staff.create", subject=f"staff:{staff.pk}")
    assert entry.client_address == f"cli:{getpass.getuser()}"
    assert entry.detail == {"roles": ["窓口職員"], "departments": ["shimin"]}
    assert not staff.is_superuser and not staff.is_staff


def test_short_password_is_refused_in_japanese_and_nothing_is_created(monkeypatch, departments):
    with pytest.raises(CommandError, match="作成できません: このパスワードは短すぎます"):
        _create(monkeypatch, "short-1", "suzuki", "--role", "counter")
    assert not Staff.objects.filter(username="suzuki").exists()


def test_unknown_department_is_named(monkeypatch, departments):
    with pytest.raises(CommandError, match="課コード nosuch は登録されていません"):
        _create(monkeypatch, "a-long-enough-pass-2026", "suzuki", "--department", "nosuch")


def test_an_overlong_display_name_is_refused_in_japanese(monkeypatch, departments):
    with pytest.raises(CommandError, match=r"作成できません: .*80"):
        _create(monkeypatch, "a-long-enough-pass-2026", "suzuki", "--name", "長" * 81)
    assert not Staff.objects.filter(username="suzuki").exists()


@pytest.mark.parametrize("role", ["x" * 5000, "superuser", "admin"])
def test_staff_creation_accepts_only_the_role_choices(departments, role):
    with pytest.raises(ValidationError, match="のいずれか") as refused:
        staff_create(username="suzuki", password=PASSWORD, display_name="", roles=[role])  # type: ignore[list-item]
    assert len(str(refused.value)) < 200, "the refused text is not echoed whole"
    assert not Staff.objects.filter(username="suzuki").exists()
    assert not AuditEntry.objects.filter(action="staff.create").exists()


def test_a_role_value_given_as_text_is_the_role(departments):
    staff = staff_create(username="suzuki", password=PASSWORD, display_name="", roles=["監査担当"])  # type: ignore[list-item]
    assert [g.name for g in staff.groups.all()] == [Role.AUDITOR.value]


@pytest.mark.parametrize(
    ("command", "args", "pointer"),
    [
        ("createsuperuser", ["--username", "root", "--noinput"], "createstaff"),
        ("changepassword", ["counter"], "setpassword"),
    ],
)
def test_django_account_commands_that_skip_the_audit_trail_refuse(counter_staff, command, args, pointer):
    with pytest.raises(CommandError, match=f"{command} は使えません.*madoguchi {pointer}"):
        call_command(command, *args)
    assert not Staff.objects.filter(is_superuser=True).exists()
    counter_staff.refresh_from_db()
    assert counter_staff.check_password(PASSWORD)


def test_setpassword_is_audited_with_the_operating_system_user(monkeypatch, counter_staff):
    monkeypatch.setattr("sys.stdin", io.StringIO("another-long-pass-2026\n"))
    call_command("setpassword", "counter", "--password-stdin")
    counter_staff.refresh_from_db()
    assert counter_staff.check_password("another-long-pass-2026")
    entry = AuditEntry.objects.filter(action="staff.password_set").get()
    assert entry.subject == f"staff:{counter_staff.pk}"
    assert entry.client_address == f"cli:{getpass.getuser()}"
    assert "another-long-pass-2026" not in str(entry.detail)


def test_setpassword_refuses_a_weak_password(monkeypatch, counter_staff):
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    with pytest.raises(CommandError, match="パスワードが条件を満たしません"):
        call_command("setpassword", "counter", "--password-stdin")
    assert not AuditEntry.objects.filter(action="staff.password_set").exists()
