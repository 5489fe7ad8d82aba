"""`madoguchi retention run [--dry-run] | retention show`: apply the retention periods."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils import timezone

from madoguchi.audit.keys import AuditKeyError
from madoguchi.cli import operator_address
from madoguchi.ops.retention import RetentionError, retention_kinds, retention_periods, retention_run


class Command(BaseCommand):
    help = "保存期間を過ぎた記録を削除・匿名化します（run）。show は種類ごとの保存期間を表示します。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="保存期間を過ぎた記録を削除・匿名化する")
        run.add_argument("--dry-run", action="store_true", help="件数を数えるだけで、何も変えない")
        sub.add_parser("show", help="種類ごとの保存期間を表示する")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "show":
                self._show()
            else:
                self._run(dry_run=options["dry_run"])
        except (RetentionError, AuditKeyError) as error:
            raise CommandError(str(error)) from None
        except DatabaseError as error:
            # The application role may not delete audit entries (PostgreSQL): the owner role must run it.
            raise CommandError(
                f"保存期間の処理を完了できませんでした（{error}）。何も変更していません。"
                "PostgreSQL ではテーブル所有者のロールの DATABASE_URL で実行してください"
            ) from None

    def _show(self) -> None:
        kinds = retention_kinds()
        periods = retention_periods(kinds)
        for kind in kinds:
            self.stdout.write(f"{kind.name}\t{periods[kind.name]}日\t{kind.action}\t{kind.label}")

    def _run(self, *, dry_run: bool) -> None:
        lines = retention_run(dry_run=dry_run, client_address=operator_address())
        verb = "対象（変更なし）" if dry_run else "処理済み"
        for line in lines:
            before = timezone.localtime(line.cutoff).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(
                f"{line.kind.label}（{line.kind.name}、{line.days}日、{before} より前）: "
                f"{line.kind.action} {line.count}件 {verb}"
            )
