"""`madoguchi restore FILE`: restore a backup into an empty database, then check the audit chain."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from madoguchi.audit.anchors import AnchorFileError
from madoguchi.audit.keys import AuditKeyError
from madoguchi.cli import operator_address
from madoguchi.ops.backup import BackupError, backup_restore
from madoguchi.ops.backup_keys import BackupKeyError


class Command(BaseCommand):
    help = (
        "バックアップを空のデータベースに復元し、件数と監査ログのチェーンを検証します。"
        "データのあるデータベースには復元しません。アプリを止めてから実行してください。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="madoguchi backup で作ったファイル")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            restored = backup_restore(options["file"], client_address=operator_address())
        except (BackupError, BackupKeyError, AuditKeyError, AnchorFileError) as error:
            raise CommandError(str(error)) from None
        manifest, seconds = restored.manifest, time.monotonic() - started
        self.stdout.write(
            f"{manifest.created_at} のバックアップを復元しました（{seconds:.1f}秒、"
            f"テーブル{len(manifest.tables)}個の件数は目録と一致）。"
        )
        head = f"連番 {manifest.audit_seq} まで"
        self.stdout.write(f"OK: 監査ログ {restored.audit_checked}件のチェーンは正常です（{head}）。")
        if restored.anchors_moved_to is not None:
            self.stdout.write(
                "注意: アンカーファイルにはバックアップより後の記録のアンカーがありました"
                "（その記録は失われています）。"
                f"元のアンカーファイルを {restored.anchors_moved_to} に移し、"
                "復元した先頭から新しく始めました。"
            )
