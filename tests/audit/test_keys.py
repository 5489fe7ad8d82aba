"""The audit key: created on first use outside the database, read once, rotated, and missing."""

from __future__ import annotations

import stat

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from madoguchi.audit.keys import AuditKeyError, audit_keyring, key_id_of, new_key, parse_keys
from madoguchi.audit.models import AuditEntry
from madoguchi.audit.selectors import audit_verify
from madoguchi.audit.services import audit_record

pytestmark = pytest.mark.django_db


def _write(count: int) -> list[AuditEntry]:
    return [audit_record(action="resident.view", actor=None, subject=f"resident:{i}") for i in range(count)]


def test_the_first_entry_creates_a_private_key_file(audit_files):
    entry = audit_record(action="auth.login", actor=None)
    key_file = audit_files.key_file
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    secret = key_file.read_text().strip()
    assert entry.key_id == key_id_of(secret) == audit_keyring().current_id
    assert len(entry.key_id) == 8
    assert secret not in entry.entry_hash


def test_the_key_is_read_once_per_process(audit_files):
    first = audit_record(action="auth.login", actor=None)
    audit_files.key_file.write_text(new_key() + "\n")  # a change takes effect at the next start
    assert audit_record(action="auth.login", actor=None).key_id == first.key_id


def test_keys_from_the_environment_seal_with_the_first(settings, audit_files):
    current, older = new_key(), new_key()
    settings.AUDIT_KEY = f"{current},{older}"
    assert audit_record(action="auth.login", actor=None).key_id == key_id_of(current)
    assert not audit_files.key_file.exists()


def test_a_key_file_may_hold_comments_and_older_keys():
    current, older = new_key(), new_key()
    keyring = parse_keys(f"# 2026-12 から\n{current}\n\n# 2026-04 まで\n{older}\n", source="鍵ファイル")
    assert list(keyring.keys) == [key_id_of(current), key_id_of(older)]
    assert keyring.current_key == current.encode()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "鍵がありません"),
        ("# only a comment\n", "鍵がありません"),
        ("short-key", "1番目の監査ログ鍵の形式が正しくありません"),
        ("x" * 40 + "\n" + "有効ではない鍵" * 8, "2番目の監査ログ鍵の形式が正しくありません"),
        ("y" * 40 + ",\n" + "y" * 40, "同じ監査ログ鍵"),
    ],
)
def test_a_bad_key_text_gets_a_japanese_message_without_the_key(text, message):
    with pytest.raises(AuditKeyError, match=message) as error:
        parse_keys(text, source="鍵ファイル")
    assert "x" * 40 not in str(error.value)


def test_a_rotated_key_set_still_verifies(settings):
    older, current = new_key(), new_key()
    settings.AUDIT_KEY = older
    _write(3)
    settings.AUDIT_KEY = f"{current}\n{older}"
    _write(2)
    assert [e.key_id for e in AuditEntry.objects.order_by("seq")] == [key_id_of(older)] * 3 + [
        key_id_of(current)
    ] * 2
    assert audit_verify().ok
    call_command("audit", "anchor", "--append")
    call_command("audit", "verify")


def test_a_retired_key_dropped_too_early_is_reported(settings):
    older, current = new_key(), new_key()
    settings.AUDIT_KEY = older
    _write(2)
    settings.AUDIT_KEY = current
    with pytest.raises(CommandError, match=f"鍵ID {key_id_of(older)} の鍵が設定にありません"):
        call_command("audit", "verify")


def test_a_missing_key_gets_a_japanese_message_not_a_traceback(audit_files):
    _write(2)
    audit_files.key_file.unlink()
    with pytest.raises(CommandError, match=r"監査ログの鍵がありません.*鍵ファイル .*audit_key もありません"):
        call_command("audit", "verify")


def test_a_key_file_that_cannot_be_created_gets_a_japanese_message(settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.AUDIT_KEY_FILE = blocker / "audit_key"
    with pytest.raises(CommandError, match=r"鍵ファイル .* を作れません"):
        call_command("audit", "anchor")
