"""Encrypted online backups with a manifest, their verification, restore into an empty database, pruning.

The plaintext inside the sealed stream (ops.sealed) is: manifest length (4 bytes), the manifest as
JSON, then the database: a SQLite file made by SQLite's online backup, or `pg_dump --format=custom`.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import struct
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone

from madoguchi.audit.anchors import anchor_append, anchors_read
from madoguchi.audit.models import AuditEntry
from madoguchi.audit.selectors import audit_anchor, audit_verify
from madoguchi.audit.services import audit_record
from madoguchi.ops.backup_keys import backup_keys
from madoguchi.ops.sealed import SealedError, SealedWriter, read_chunks, read_header

_LENGTH = struct.Struct(">I")
_READ_BYTES = 1024 * 1024
# What each engine's payload starts with: a SQLite database file, a pg_dump custom-format archive.
_PAYLOAD_MAGIC = {"sqlite": b"SQLite format 3\x00", "postgresql": b"PGDMP"}
_AUDIT_HEAD_SQL = f'SELECT "seq", "entry_hash" FROM "{AuditEntry._meta.db_table}" ORDER BY "seq" DESC LIMIT 1'  # noqa: S608


class BackupError(Exception):
    """A backup or restore cannot go on; the message is Japanese and says why."""


@dataclass(frozen=True)
class Manifest:
    """What a backup holds, taken from the same snapshot as the data."""

    created_at: str
    app_version: str
    engine: str
    migrations: dict[str, list[str]]
    tables: dict[str, int]
    audit_seq: int
    audit_hash: str
    format: int = 1

    @classmethod
    def from_json(cls, data: Any) -> Manifest:
        try:
            return cls(**data)
        except TypeError:
            raise BackupError("バックアップの目録（マニフェスト）の形式が正しくありません") from None


@dataclass(frozen=True)
class Restored:
    """The outcome of a restore: the manifest, the audit entries checked, where newer anchors went."""

    manifest: Manifest
    audit_checked: int
    anchors_moved_to: Path | None


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _facts(cursor: Any, tables: list[str], *, engine: str) -> Manifest:
    """Read counts, applied migrations and the audit head through one snapshot's cursor."""
    counts = {}
    for table in sorted(tables):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from the catalogue
        counts[table] = int(cursor.fetchone()[0])
    cursor.execute('SELECT "app", "name" FROM "django_migrations" ORDER BY "id"')
    migrations: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        migrations.setdefault(app, []).append(name)
    cursor.execute(_AUDIT_HEAD_SQL)
    head = cursor.fetchone()
    return Manifest(
        created_at=timezone.now().isoformat(timespec="seconds"),
        app_version=version("madoguchi"),
        engine=engine,
        migrations=migrations,
        tables=counts,
        audit_seq=int(head[0]) if head else 0,
        audit_hash=str(head[1]) if head else "",
    )


@contextmanager
def _private_tempdir(near: Path) -> Iterator[Path]:
    """A 0700 directory beside the data (the same protection as the database), removed afterwards."""
    near.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=".backup-", dir=near))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def backup_create(path: Path, *, client_address: str) -> Manifest:
    """Write an encrypted backup of the running database to `path` (0600); return its manifest."""
    if path.exists():
        raise BackupError(f"{path} はすでにあります。上書きはしません（別の名前を指定してください）")
    keys = backup_keys(create=True)
    key_id = next(iter(keys))
    draft = path.with_name(f".{path.name}.partial")
    try:
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as error:
        raise BackupError(f"{path} に書き込めません（{error}）") from None
    try:
        with os.fdopen(fd, "wb") as out:
            manifest = _write(out, key=keys[key_id], key_id=key_id)
            out.flush()
            os.fsync(out.fileno())
        draft.replace(path)
    except BaseException:
        draft.unlink(missing_ok=True)
        raise
    detail = {"file": path.name, "audit_seq": manifest.audit_seq, "tables": len(manifest.tables)}
    audit_record(action="backup.create", actor=None, detail=detail, client_address=client_address)
    return manifest


def _write(out: BinaryIO, *, key: bytes, key_id: str) -> Manifest:
    created_at = timezone.now().isoformat(timespec="seconds")
    writer = SealedWriter(
        out, key=key, header={"key_id": key_id, "engine": _engine(), "created_at": created_at}
    )
    manifest = _sqlite_backup(writer) if _engine() == "sqlite" else _postgresql_backup(writer)
    writer.close()
    return manifest


def _write_manifest(writer: SealedWriter, manifest: Manifest) -> None:
    data = json.dumps(asdict(manifest), ensure_ascii=False, sort_keys=True).encode("utf-8")
    writer.write(_LENGTH.pack(len(data)) + data)


def _sqlite_backup(writer: SealedWriter) -> Manifest:
    source = str(connection.settings_dict["NAME"])
    with _private_tempdir(Path(settings.VAR_DIR)) as tmp:
        snapshot = tmp / "snapshot.sqlite3"
        # The online backup API copies one consistent state; in WAL mode writers go on meanwhile.
        with closing(sqlite3.connect(source, timeout=30)) as src, closing(sqlite3.connect(snapshot)) as dst:
            src.backup(dst)
        with closing(sqlite3.connect(snapshot)) as db:
            cursor = db.cursor()
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            tables = [row[0] for row in cursor.fetchall()]
            manifest = _facts(cursor, tables, engine="sqlite")
        _write_manifest(writer, manifest)
        with snapshot.open("rb") as data:
            while block := data.read(_READ_BYTES):
                writer.write(block)
    return manifest


def _pg_env() -> dict[str, str]:
    """Return the environment that points libpq tools at the configured database."""
    db = connection.settings_dict
    env = dict(os.environ)
    for name, value in (("PGHOST", db["HOST"]), ("PGPORT", db["PORT"]), ("PGUSER", db["USER"])):
        if value:
            env[name] = str(value)
    if db["PASSWORD"]:
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_tool(name: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        raise BackupError(
            f"{name} が見つかりません。"
            "PostgreSQL のクライアント（Debian: postgresql-client）を導入してください"
        )
    return tool


def _postgresql_backup(writer: SealedWriter) -> Manifest:
    pg_dump = _pg_tool("pg_dump")
    # Counting and dumping share one exported snapshot, so the manifest describes exactly the dump.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        manifest = _facts(cursor, connection.introspection.table_names(cursor), engine="postgresql")
        _write_manifest(writer, manifest)
        name = str(connection.settings_dict["NAME"])
        command = [pg_dump, "--format=custom", f"--snapshot={snapshot}", name]
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_pg_env()) as dump:  # noqa: S603
            assert dump.stdout is not None
            while block := dump.stdout.read(_READ_BYTES):
                writer.write(block)
            error = dump.stderr.read().decode("utf-8", "replace") if dump.stderr else ""
        if dump.returncode != 0:
            raise BackupError(f"pg_dump が失敗しました（終了コード {dump.returncode}）: {error.strip()}")
    return manifest


def _open_backup(path: Path) -> tuple[dict[str, Any], BinaryIO, bytes]:
    """Open a backup and find its key; raise BackupError in Japanese for every refusal."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise BackupError(f"バックアップファイル {path} が見つかりません") from None
    except OSError as error:
        raise BackupError(f"バックアップファイル {path} を読めません（{error}）") from None
    try:
        header, _ = read_header(handle)
    except SealedError as error:
        handle.close()
        raise BackupError(str(error)) from None
    keys = backup_keys()
    key = keys.get(str(header.get("key_id", "")))
    if key is None:
        handle.close()
        raise BackupError(
            f"このバックアップは鍵ID {header.get('key_id')} の鍵で暗号化されていますが、"
            "その鍵が設定にありません（古い鍵は鍵ファイルの2行目以降に残してください）"
        )
    handle.seek(0)
    return header, handle, key


def _plaintext(handle: BinaryIO, key: bytes) -> tuple[Manifest, Iterator[bytes]]:
    """Split the decrypted stream into the manifest and an iterator over the database's bytes."""
    chunks = read_chunks(handle, key=key)
    buffer = b""
    for chunk in chunks:
        buffer += chunk
        if len(buffer) >= _LENGTH.size and len(buffer) >= _LENGTH.size + _LENGTH.unpack_from(buffer)[0]:
            break
    if len(buffer) < _LENGTH.size:
        raise BackupError("バックアップに目録（マニフェスト）がありません")
    length = _LENGTH.unpack_from(buffer)[0]
    try:
        manifest = Manifest.from_json(json.loads(buffer[_LENGTH.size : _LENGTH.size + length]))
    except ValueError:
        raise BackupError("バックアップの目録（マニフェスト）を読めません") from None
    rest = buffer[_LENGTH.size + length :]

    def payload() -> Iterator[bytes]:
        if rest:
            yield rest
        yield from chunks

    return manifest, payload()


def backup_verify(path: Path) -> Manifest:
    """Decrypt and authenticate a whole backup without restoring it; return its manifest."""
    header, handle, key = _open_backup(path)
    with handle:
        try:
            manifest, payload = _plaintext(handle, key)
            first, size = b"", 0
            for block in payload:
                first = first or block[:16]
                size += len(block)
        except SealedError as error:
            raise BackupError(str(error)) from None
    magic = _PAYLOAD_MAGIC.get(manifest.engine, b"-")
    if manifest.engine != header.get("engine") or not first.startswith(magic):
        raise BackupError("バックアップの中身が目録（マニフェスト）のデータベースの種類と一致しません")
    return manifest


def database_is_empty() -> bool:
    """Return whether the configured database has no tables at all."""
    return not connection.introspection.table_names()


def backup_restore(path: Path, *, client_address: str) -> Restored:
    """Restore a verified backup into the configured, empty database; check counts and the audit chain."""
    manifest = backup_verify(path)
    if manifest.engine != _engine():
        raise BackupError(
            f"このバックアップは {manifest.engine} のものです。"
            f"設定のデータベース（{_engine()}）には復元できません"
        )
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"復元先のデータベースが空ではありません（テーブルが{len(tables)}個あります）。"
            "既存のデータを上書きしないため、空のデータベースを用意してから復元してください"
        )
    _, handle, key = _open_backup(path)
    with handle:
        _, payload = _plaintext(handle, key)
        if manifest.engine == "sqlite":
            _sqlite_restore(payload)
        else:
            _postgresql_restore(payload)
    _check_counts(manifest)
    checked, moved = _restored_audit_verify(manifest)
    detail = {"file": path.name, "audit_seq": manifest.audit_seq, "backup_created_at": manifest.created_at}
    audit_record(action="backup.restore", actor=None, detail=detail, client_address=client_address)
    return Restored(manifest=manifest, audit_checked=checked, anchors_moved_to=moved)


def _restored_audit_verify(manifest: Manifest) -> tuple[int, Path | None]:
    """Verify the restored chain against the anchors up to the backup; set newer anchors aside."""
    anchor_file = Path(settings.AUDIT_ANCHOR_FILE)
    anchors = anchors_read(anchor_file, signed_only=True) if anchor_file.exists() else []
    kept = [anchor for anchor in anchors if anchor.seq <= manifest.audit_seq]
    result = audit_verify(anchors=kept)
    if not result.ok:
        raise BackupError(
            "データは復元しましたが、監査ログの検証に失敗しました"
            f"（連番 {result.broken_seq}: {result.reason}）"
        )
    if len(kept) == len(anchors):
        return result.checked, None
    # Entries after the backup are lost; their anchors would fail every later verify, so keep them apart.
    moved = anchor_file.with_name(f"{anchor_file.name}.before-restore-{timezone.now():%Y%m%d-%H%M%S}")
    anchor_file.rename(moved)
    anchor_append(anchor_file, audit_anchor())
    return result.checked, moved


def _sqlite_restore(payload: Iterator[bytes]) -> None:
    target = Path(connection.settings_dict["NAME"])
    draft = target.with_name(f".{target.name}.restore")
    with draft.open("wb") as out:
        for block in payload:
            out.write(block)
        out.flush()
        os.fsync(out.fileno())
    with closing(sqlite3.connect(draft)) as db:
        if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            draft.unlink()
            raise BackupError("復元したデータベースの整合性検査に失敗しました")
    connections.close_all()
    # A stale -wal beside the new file would be replayed into it: the empty database's go first.
    for suffix in ("-wal", "-shm"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)
    draft.replace(target)


def _postgresql_restore(payload: Iterator[bytes]) -> None:
    command = [
        _pg_tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={connection.settings_dict['NAME']}",
    ]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stderr=subprocess.PIPE, env=_pg_env()) as restore:  # noqa: S603
        assert restore.stdin is not None
        try:
            for block in payload:
                restore.stdin.write(block)
        except BrokenPipeError:
            pass  # pg_restore stopped early; its exit code and message say why
        restore.stdin.close()
        error = restore.stderr.read().decode("utf-8", "replace") if restore.stderr else ""
    if restore.returncode != 0:
        raise BackupError(f"pg_restore が失敗しました（終了コード {restore.returncode}）: {error.strip()}")


def _check_counts(manifest: Manifest) -> None:
    with connection.cursor() as cursor:
        restored = _facts(cursor, list(manifest.tables), engine=manifest.engine)
    wrong = [name for name, count in manifest.tables.items() if restored.tables.get(name) != count]
    if wrong or restored.audit_seq != manifest.audit_seq or restored.audit_hash != manifest.audit_hash:
        raise BackupError(f"復元後の件数が目録と一致しません（{', '.join(wrong) or '監査ログの先頭'}）")


def backup_prune(directory: Path, *, keep: int) -> list[Path]:
    """Remove all but the `keep` newest backups in `directory`; files that are not backups stay."""
    if keep < 1:
        raise BackupError("--keep には1以上を指定してください（最新のバックアップは必ず残します）")
    found: list[tuple[datetime, Path]] = []
    for path in directory.iterdir() if directory.is_dir() else ():
        if not path.is_file() or path.name.startswith("."):
            continue
        try:
            with path.open("rb") as handle:
                header, _ = read_header(handle)
            found.append((datetime.fromisoformat(header["created_at"]), path))
        except (SealedError, OSError, KeyError, ValueError):
            continue
    found.sort(reverse=True)
    removed = [path for _, path in found[keep:]]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed
