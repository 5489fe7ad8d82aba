"""`madoguchi createstaff`."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from madoguchi.accounts.models import Staff
from madoguchi.audit.models import AuditEntry

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
    assert AuditEntry.objects.filter(action="staff.create", subject=f"staff:{staff.pk}").exists()


def test_short_password_is_refused_in_japanese_and_nothing_is_created(monkeypatch, departments):
    with pytest.raises(CommandError, match="パスワードが条件を満たしません"):
        _create(monkeypatch, "short-1", "suzuki", "--role", "counter")
    assert not Staff.objects.filter(username="suzuki").exists()


def test_unknown_department_is_named(monkeypatch, departments):
    with pytest.raises(CommandError, match="課コード nosuch は登録されていません"):
        _create(monkeypatch, "a-long-enough-pass-2026", "suzuki", "--department", "nosuch")
