"""`madoguchi audit verify|anchor`."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from madoguchi.audit.keys import audit_keyring
from madoguchi.audit.models import AuditEntry
from madoguchi.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_verify_reports_ok(capsys):
    audit_record(action="auth.login", actor=None)
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "OK: 監査ログ 1件" in out
    assert "アンカーファイル" in out and "末尾の削除は検出できません" in out


def test_anchor_then_verify_detects_truncation(tmp_path, capsys):
    for _ in range(3):
        audit_record(action="auth.login", actor=None)
    anchor_file = tmp_path / "anchor.json"
    call_command("audit", "anchor", "--out", str(anchor_file))
    anchor = json.loads(anchor_file.read_text())
    assert anchor["seq"] == 3
    assert len(anchor["hash"]) == 64
    assert anchor["key_id"] == audit_keyring().current_id
    call_command("audit", "verify", "--anchor", str(anchor_file))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE seq = 3")
    with pytest.raises(CommandError, match="連番 3 以降が失われています"):
        call_command("audit", "verify", "--anchor", str(anchor_file))


def test_an_unsigned_anchor_from_an_older_release_is_still_accepted(tmp_path):
    entry = audit_record(action="auth.login", actor=None)
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"seq": 1, "hash": entry.entry_hash, "taken_at": entry.at.isoformat()}))
    call_command("audit", "verify", "--anchor", str(old))


def test_append_adds_signed_lines_to_a_private_anchor_file(audit_files, capsys):
    audit_record(action="auth.login", actor=None)
    call_command("audit", "anchor", "--append")
    audit_record(action="auth.logout", actor=None)
    call_command("audit", "anchor", "--append")
    lines = [json.loads(line) for line in audit_files.anchor_file.read_text().splitlines()]
    assert [line["seq"] for line in lines] == [1, 2]
    assert all(len(line["mac"]) == 64 for line in lines)
    assert stat.S_IMODE(audit_files.anchor_file.stat().st_mode) == 0o600
    call_command("audit", "verify")
    assert "アンカー2件と一致（最新は連番 2）" in capsys.readouterr().out


def test_an_unsigned_line_in_the_anchor_file_is_refused(audit_files):
    audit_record(action="auth.login", actor=None)
    unsigned = {"seq": 1, "hash": "0" * 64, "taken_at": "2026-12-01T00:00:00"}
    audit_files.anchor_file.write_text(json.dumps(unsigned) + "\n")
    with pytest.raises(CommandError, match="1行目に署名（mac）がありません"):
        call_command("audit", "verify")


def test_out_and_append_are_exclusive():
    with pytest.raises(CommandError):
        call_command("audit", "anchor", "--append", "--out", "x.json")


def test_bad_anchor_file_gets_a_japanese_message(tmp_path):
    bad = tmp_path / "anchor.json"
    bad.write_text("{not json")
    with pytest.raises(CommandError, match="1行目の形式が正しくありません"):
        call_command("audit", "verify", "--anchor", str(bad))
    with pytest.raises(CommandError, match="見つかりません"):
        call_command("audit", "verify", "--anchor", str(tmp_path / "missing.json"))


@pytest.mark.slow
def test_the_command_line_exits_1_with_the_reason_and_no_traceback(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "MADOGUCHI_AUDIT"))}
    env |= {"MADOGUCHI_VAR_DIR": str(tmp_path / "var"), "DATABASE_URL": f"sqlite:///{tmp_path / 'm.sqlite3'}"}

    def madoguchi(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "madoguchi", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, check=False)

    assert madoguchi("migrate", "-v", "0").returncode == 0
    assert madoguchi("audit", "anchor", "--append").returncode == 0  # creates the key and the anchor file
    assert madoguchi("audit", "verify").returncode == 0
    (tmp_path / "var" / "audit_key").unlink()
    missing = madoguchi("audit", "verify")
    assert missing.returncode == 1
    assert "監査ログの鍵がありません" in missing.stderr
    assert "Traceback" not in missing.stderr
