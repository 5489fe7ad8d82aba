"""`madoguchi import-residents FILE`: import the core system's resident CSV, all or nothing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from madoguchi.cli import operator_address
from madoguchi.registry.services import ENCODINGS, residents_import


class Command(BaseCommand):
    help = (
        "住民記録システムのCSV（CP932またはUTF-8）を取り込みます。エラーが1件でもあれば何も変更せず"
        "終了コード1で終わります。同じファイルを2回取り込んでも変わりません。"
        "取込は操作したOSユーザーとともに監査ログに記録されます。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="取り込むCSVファイル")
        parser.add_argument(
            "--encoding", choices=sorted(ENCODINGS), default="auto", help="文字コード（既定: 自動判定）"
        )
        parser.add_argument("--dry-run", action="store_true", help="検査だけ行い、データベースは変更しない")
        parser.add_argument("--progress", action="store_true", help="処理した行数を標準エラーに出す")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"ファイル {path} がありません")
        with path.open("rb") as stream:
            report = residents_import(
                stream=stream,
                encoding=options["encoding"],
                dry_run=options["dry_run"],
                progress=self._progress if options["progress"] else None,
                client_address=operator_address(),
            )
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            sys.exit(1)

    def _progress(self, rows: int) -> None:
        self.stderr.write(f"{rows}行を処理しました")
        self.stderr.flush()
