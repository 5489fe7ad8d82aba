"""`madoguchi search`: a staff member searches with their own password; the OS user is audited too."""

from __future__ import annotations

import getpass
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from madoguchi.accounts.services import staff_restricted_access_set
from madoguchi.audit.models import AuditEntry
from madoguchi.registry.services import residents_import
from tests.conftest import PASSWORD
from tests.registry.samples import base_rows, to_csv

pytestmark = pytest.mark.django_db

OPERATOR = f"cli:{getpass.getuser()}"


@pytest.fixture
def register(db):
    assert residents_import(stream=io.BytesIO(to_csv(base_rows()))).ok


@pytest.fixture
def staff_password(monkeypatch):
    """Give the command the password the way a script does."""
    monkeypatch.setenv("MADOGUCHI_STAFF_PASSWORD", PASSWORD)


def test_search_command_prints_json_and_is_audited(register, counter_staff, staff_password, capsys):
    call_command("search", "やまだ", "4050101", "--json", "--as", "counter")
    rows = json.loads(capsys.readouterr().out)
    assert rows == [
        {
            "atena_no": "000103",
            "household_no": "9001",
            "name": "山田　一郎",
            "kana": "ﾔﾏﾀﾞ ｲﾁﾛｳ",
            "birth_date": "1993-01-01",
            "birth_date_wareki": "平成5年1月1日",
            "sex": "男",
            "status": "住民",
            "address": "島根県雲南市木次町里方1番地",
            "restricted": False,
        }
    ]
    entry = AuditEntry.objects.filter(action="resident.search").latest("seq")
    assert entry.detail["kinds"] == ["kana_name", "birth_date", "atena_no"]
    assert entry.detail["count"] == 1 and entry.detail["channel"] == "cli"
    assert entry.actor_username == "counter" and entry.client_address == OPERATOR
    assert "やまだ" not in json.dumps(entry.detail, ensure_ascii=False)


def test_search_command_limit(register, counter_staff, staff_password, capsys):
    call_command("search", "山田", "--json", "--limit", "2", "--as", "counter")
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 2
    assert all(row["name"].startswith("山田") for row in rows)


def test_the_password_is_prompted_without_echo(register, counter_staff, monkeypatch, capsys):
    monkeypatch.delenv("MADOGUCHI_STAFF_PASSWORD", raising=False)
    prompts: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt: prompts.append(prompt) or PASSWORD)
    call_command("search", "山田", "--json", "--as", "counter")
    assert prompts == ["職員「counter」のパスワード: "]
    assert json.loads(capsys.readouterr().out)


def test_a_wrong_password_searches_nothing_and_counts_as_a_failed_login(register, counter_staff, monkeypatch):
    monkeypatch.setenv("MADOGUCHI_STAFF_PASSWORD", "not-the-password-2026")
    with pytest.raises(CommandError, match="職員IDまたはパスワードが正しくありません"):
        call_command("search", "山田", "--as", "counter")
    assert not AuditEntry.objects.filter(action="resident.search").exists()
    failure = AuditEntry.objects.get(action="auth.login_failed")
    assert failure.actor == counter_staff and failure.client_address == OPERATOR
    assert failure.detail == {"reason": "bad_credentials_cli", "known_account": True}


def test_ten_wrong_passwords_lock_the_account_for_the_command_too(register, counter_staff, monkeypatch):
    monkeypatch.setenv("MADOGUCHI_STAFF_PASSWORD", "not-the-password-2026")
    for _ in range(10):
        with pytest.raises(CommandError):
            call_command("search", "山田", "--as", "counter")
    monkeypatch.setenv("MADOGUCHI_STAFF_PASSWORD", PASSWORD)
    with pytest.raises(CommandError, match="一時的に使えません"):
        call_command("search", "山田", "--as", "counter")
    locked = AuditEntry.objects.get(action="auth.login_locked")
    assert locked.subject == f"staff:{counter_staff.pk}" and locked.client_address == OPERATOR


def test_staff_without_the_search_permission_are_refused(register, hoken_staff, staff_password):
    with pytest.raises(CommandError, match="住民検索の権限がありません"):
        call_command("search", "山田", "--as", "hoken")
    assert not AuditEntry.objects.filter(action="resident.search").exists()


def test_the_staff_member_must_be_named(register):
    with pytest.raises(CommandError, match="--as"):
        call_command("search", "山田")


def test_search_command_shows_restricted_people_only_to_entitled_staff(
    register, counter_staff, staff_password, capsys
):
    call_command("search", "さとう", "--json", "--as", "counter")
    assert json.loads(capsys.readouterr().out) == []
    staff_restricted_access_set(staff=counter_staff, granted=True)
    call_command("search", "さとう", "--json", "--as", "counter")
    rows = json.loads(capsys.readouterr().out)
    assert [(row["atena_no"], row["restricted"]) for row in rows] == [("000601", True)]
    entry = AuditEntry.objects.filter(action="resident.restricted_shown").latest("seq")
    assert entry.actor_username == "counter" and entry.detail == {"channel": "cli"}
    assert entry.client_address == OPERATOR
