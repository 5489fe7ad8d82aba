"""`madoguchi backup FILE | backup verify FILE | backup prune DIR --keep N | backup newkey`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from madoguchi.audit.keys import AuditKeyError
from madoguchi.cli import operator_address
from madoguchi.ops.backup import BackupError, Manifest, backup_create, backup_prune, backup_verify
from madoguchi.ops.backup_keys import BackupKeyError, new_backup_key


class Command(BaseCommand):
    help = (
        "稼働中のデータベースを暗号化してバックアップします（backup FILE）。"
        "backup verify FILE は復元せずに検査し、backup prune DIR --keep N は新しいN世代を残して削除します。"
        "backup newkey は新しいバックアップ鍵を出力します。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", help="バックアップファイル、または verify / prune / newkey")
        parser.add_argument("path", nargs="?", type=Path, help="verify のファイル、prune のディレクトリ")
        parser.add_argument("--keep", type=int, help="prune で残す世代数")

    def handle(self, *args: Any, **options: Any) -> None:
        target, path = options["target"], options["path"]
        try:
            if target == "newkey":
                self.stdout.write(new_backup_key())
            elif target == "verify":
                self._verify(_required(path, "verify にはバックアップファイルを指定してください"))
            elif target == "prune":
                self._prune(_required(path, "prune にはディレクトリを指定してください"), options["keep"])
            elif path is not None:
                raise CommandError(f"引数が多すぎます: {path}（backup FILE / backup verify FILE）")
            else:
                self._create(Path(target))
        except (BackupError, BackupKeyError, AuditKeyError) as error:
            raise CommandError(str(error)) from None

    def _create(self, path: Path) -> None:
        started = time.monotonic()
        manifest = backup_create(path, client_address=operator_address())
        seconds = time.monotonic() - started
        self.stdout.write(f"バックアップを {path} に書き出しました（{seconds:.1f}秒）。{_summary(manifest)}")

    def _verify(self, path: Path) -> None:
        manifest = backup_verify(path)
        made = f"{manifest.created_at} 作成"
        self.stdout.write(f"OK: バックアップ {path} は正常です（{made}）。{_summary(manifest)}")

    def _prune(self, directory: Path, keep: int | None) -> None:
        if keep is None:
            raise CommandError("prune には --keep N（残す世代数）を指定してください")
        removed = backup_prune(directory, keep=keep)
        kept = f"新しい{keep}世代を残します"
        self.stdout.write(f"{directory} の古いバックアップ {len(removed)}件を削除しました（{kept}）。")


def _required(path: Path | None, message: str) -> Path:
    if path is None:
        raise CommandError(message)
    return path


def _summary(manifest: Manifest) -> str:
    rows = sum(manifest.tables.values())
    return (
        f"版 {manifest.app_version}、{manifest.engine}、テーブル{len(manifest.tables)}個・{rows}行、"
        f"監査ログ 連番 {manifest.audit_seq} まで"
    )
