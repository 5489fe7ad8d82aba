"""`madoguchi import-numbers FILE`: import the departments' numbers (国保記号番号 …), all or nothing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from madoguchi.cli import operator_address
from madoguchi.registry.services import ENCODINGS, department_numbers_clear, department_numbers_import


class Command(BaseCommand):
    help = (
        "業務システムの番号（国保記号番号・介護保険被保険者番号・印鑑登録番号など）のCSV（CP932または"
        "UTF-8）を取り込み、申請書に印字できるようにします。ファイルにある番号の種類は、その種類の全件を"
        "ファイルの内容で入れ替えます。エラーが1件でもあれば何も変更せず終了コード1で終わります。"
        "取込は操作したOSユーザーとともに監査ログに記録されます（件数のみ）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="取り込むCSVファイル（列: 宛名番号, 番号の種類, 番号）")
        parser.add_argument(
            "--encoding", choices=sorted(ENCODINGS), default="auto", help="文字コード（既定: 自動判定）"
        )
        parser.add_argument("--dry-run", action="store_true", help="検査だけ行い、データベースは変更しない")
        parser.add_argument(
            "--clear",
            action="append",
            metavar="番号の種類",
            help="ファイルを取り込む代わりに、その種類の番号をすべて消す（連携をやめるとき。複数指定可）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["clear"]:
            if options["file"]:
                raise CommandError("ファイルの取込と --clear は同時に指定できません")
            try:
                deleted = department_numbers_clear(labels=options["clear"], client_address=operator_address())
            except ValueError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"{'・'.join(options['clear'])}の番号を{deleted}件消しました。")
            return
        if not options["file"]:
            raise CommandError("取り込むCSVファイルを指定してください（番号を消すときは --clear 番号の種類）")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"ファイル {path} がありません")
        with path.open("rb") as stream:
            report = department_numbers_import(
                stream=stream,
                encoding=options["encoding"],
                dry_run=options["dry_run"],
                client_address=operator_address(),
            )
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            sys.exit(1)
