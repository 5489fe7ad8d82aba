"""`madoguchi audit verify|anchor`."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from madoguchi.audit.models import AuditEntry
from madoguchi.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_verify_reports_ok(capsys):
    audit_record(action="auth.login", actor=None)
    call_command("audit", "verify")
    assert "OK: 監査ログ 1件" in capsys.readouterr().out


def test_anchor_then_verify_detects_truncation(tmp_path, capsys):
    for _ in range(3):
        audit_record(action="auth.login", actor=None)
    anchor_file = tmp_path / "anchor.json"
    call_command("audit", "anchor", "--out", str(anchor_file))
    anchor = json.loads(anchor_file.read_text())
    assert anchor["seq"] == 3
    assert len(anchor["hash"]) == 64
    call_command("audit", "verify", "--anchor", str(anchor_file))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE seq = 3")
    with pytest.raises(CommandError, match="連番 3 以降が失われています"):
        call_command("audit", "verify", "--anchor", str(anchor_file))


def test_bad_anchor_file_gets_a_japanese_message(tmp_path):
    bad = tmp_path / "anchor.json"
    bad.write_text("{not json")
    with pytest.raises(CommandError, match="形式が正しくありません"):
        call_command("audit", "verify", "--anchor", str(bad))
    with pytest.raises(CommandError, match="見つかりません"):
        call_command("audit", "verify", "--anchor", str(tmp_path / "missing.json"))
