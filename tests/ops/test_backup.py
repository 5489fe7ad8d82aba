"""The restore drill: back up while the counter writes, lose the database, restore, verify."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from madoguchi.audit.models import AuditEntry
from madoguchi.audit.selectors import audit_verify
from madoguchi.audit.services import audit_record
from madoguchi.counter.models import Case
from madoguchi.counter.services import case_open, case_person_add
from madoguchi.ops.backup import backup_verify

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def keys_apart(settings, tmp_path: Path) -> Path:
    """Keep the backup key and the anchors outside the test's backup directory."""
    settings.BACKUP_KEY_FILE = tmp_path / "keys" / "backup_key"
    settings.AUDIT_ANCHOR_FILE = tmp_path / "keys" / "audit-anchors.jsonl"
    backups = tmp_path / "backups"
    backups.mkdir()
    return backups


def _make_cases(staff, count: int) -> None:
    for number in range(count):
        case = case_open(actor=staff, events=["death"], seat=f"窓口{number}", event_date=None)
        case_person_add(case=case, role="applicant", actor=staff, typed={"name": "窓口　試験"})


def _destroy_database() -> None:
    """Lose every table, as after a failed disk: the database is there but empty."""
    connections.close_all()
    if connection.vendor == "sqlite":
        path = Path(connection.settings_dict["NAME"])
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
    else:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    assert not connection.introspection.table_names()


def _backup_while_writing(path: Path, staff) -> int:
    """Run the backup while another thread keeps appending audit entries; return how many it wrote."""
    stop, written = threading.Event(), []

    def writer() -> None:
        try:
            while not stop.is_set():
                audit_record(action="test.write", actor=staff, subject=f"case:{len(written)}")
                written.append(1)
        finally:
            connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 5:  # the writer is really writing before the backup starts
            threading.Event().wait(0.01)
        call_command("backup", str(path))
    finally:
        stop.set()
        thread.join()
    return len(written)


def test_restore_drill_keeps_every_row_and_a_valid_audit_chain(keys_apart, counter_staff, capsys):
    # given: cases with people, their audit entries, and a writer busy during the backup
    _make_cases(counter_staff, 5)
    backup = keys_apart / "madoguchi.backup"
    written = _backup_while_writing(backup, counter_staff)
    manifest = backup_verify(backup)
    head_before = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first()
    assert written >= 5 and head_before > manifest.audit_seq > 0
    assert manifest.tables["counter_case"] == 5
    assert oct(backup.stat().st_mode & 0o777) == "0o600"
    # when: the database is lost and restored
    _destroy_database()
    call_command("restore", str(backup))
    # then: every table has the manifest's rows, and the chain verifies up to the backup's head
    out = capsys.readouterr().out
    assert "OK: 監査ログ" in out
    assert Case.objects.count() == 5
    assert audit_verify().ok
    restored = AuditEntry.objects.order_by("-seq")
    assert restored[1].seq == manifest.audit_seq  # then the entry recording the restore itself
    assert restored[0].action == "backup.restore"
    assert b"\xe7\xaa\x93\xe5\x8f\xa3" not in backup.read_bytes()  # "窓口" never appears in clear


def test_restore_sets_aside_anchors_newer_than_the_backup(keys_apart, counter_staff, settings, capsys):
    _make_cases(counter_staff, 1)
    backup = keys_apart / "a.backup"
    call_command("backup", str(backup))
    audit_record(action="test.after_backup", actor=None)
    call_command("audit", "anchor", "--append")
    _destroy_database()
    call_command("restore", str(backup))
    assert "アンカーファイルを" in capsys.readouterr().out
    call_command("audit", "verify")  # the fresh anchor file starts at the restored head
    assert list(Path(settings.AUDIT_ANCHOR_FILE).parent.glob("audit-anchors.jsonl.before-restore-*"))


def test_restore_refuses_a_database_with_tables(keys_apart, counter_staff):
    _make_cases(counter_staff, 1)
    backup = keys_apart / "a.backup"
    call_command("backup", str(backup))
    with pytest.raises(CommandError, match="空ではありません"):
        call_command("restore", str(backup))
    assert Case.objects.count() == 1


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[:-40] + bytes([data[-40] ^ 1]) + data[-39:], id="flipped-bit"),
        pytest.param(lambda data: data[: len(data) // 2], id="cut-short"),
        pytest.param(lambda data: data.replace(b'"engine": "', b'"engine":  "', 1), id="header-edited"),
        pytest.param(lambda data: data + b"\x00" * 8, id="appended"),
    ],
)
def test_a_tampered_backup_is_refused(keys_apart, counter_staff, damage):
    _make_cases(counter_staff, 1)
    backup = keys_apart / "a.backup"
    call_command("backup", str(backup))
    backup.write_bytes(damage(backup.read_bytes()))
    with pytest.raises(CommandError):
        call_command("backup", "verify", str(backup))


def test_a_backup_needs_its_own_key(keys_apart, counter_staff, settings):
    backup = keys_apart / "a.backup"
    call_command("backup", str(backup))
    settings.BACKUP_KEY_FILE = keys_apart.parent / "other" / "backup_key"
    call_command("backup", str(keys_apart / "b.backup"))  # makes a new key
    with pytest.raises(CommandError, match="鍵ID"):
        call_command("backup", "verify", str(backup))


def test_backup_refuses_to_overwrite_and_a_missing_file_has_a_message(keys_apart, counter_staff):
    backup = keys_apart / "a.backup"
    call_command("backup", str(backup))
    with pytest.raises(CommandError, match="すでにあります"):
        call_command("backup", str(backup))
    with pytest.raises(CommandError, match="見つかりません"):
        call_command("backup", "verify", str(keys_apart / "none.backup"))
    (keys_apart / "notes.txt").write_text("メモ")
    with pytest.raises(CommandError, match="バックアップファイルではありません"):
        call_command("backup", "verify", str(keys_apart / "notes.txt"))


def test_prune_keeps_the_newest_generations_and_other_files(keys_apart, counter_staff, time_machine):
    for day in range(1, 5):
        time_machine.move_to(f"2026-12-0{day} 02:00 +09:00")
        call_command("backup", str(keys_apart / f"madoguchi-{day}.backup"))
    (keys_apart / "readme.txt").write_text("残す")
    call_command("backup", "prune", str(keys_apart), "--keep", "2")
    assert sorted(path.name for path in keys_apart.iterdir()) == [
        "madoguchi-3.backup",
        "madoguchi-4.backup",
        "readme.txt",
    ]
