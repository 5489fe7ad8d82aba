"""`madoguchi search QUERY`: the counter's one-box search from the command line, audited."""

from __future__ import annotations

import getpass
import json
import os
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from madoguchi.accounts.models import Staff
from madoguchi.accounts.services import staff_authenticate_cli
from madoguchi.cli import operator_address
from madoguchi.registry.display import resident_json
from madoguchi.registry.selectors import MAX_RESULTS, search
from madoguchi.registry.services import resident_search_record

# For scripts: the staff member's password, read instead of the prompt.
PASSWORD_ENV = "MADOGUCHI_STAFF_PASSWORD"  # noqa: S105 (a variable name, not a password)


class Command(BaseCommand):
    help = (
        "住民を1つの検索語で探します（氏名・フリガナ・生年月日・宛名番号）。最大50人。"
        "画面と同じく職員として検索します: --as で職員IDを指定し、その職員のパスワードを入力します"
        f"（スクリプトでは環境変数 {PASSWORD_ENV}）。支援措置の対象者は権限のある職員にだけ出ます。"
        "検索は職員・操作したOSユーザーとともに監査ログに記録されます。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query", nargs="+", help="検索語（例: やまだ 4050101、山田 S45.4.1）")
        parser.add_argument("--json", action="store_true", help="JSON配列で出力する")
        parser.add_argument("--limit", type=int, default=MAX_RESULTS, help=f"最大件数（1〜{MAX_RESULTS}）")
        parser.add_argument(
            "--as",
            dest="staff",
            required=True,
            metavar="職員ID",
            help="検索する職員ID（パスワードを確認する）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        limit = options["limit"]
        if not 1 <= limit <= MAX_RESULTS:
            raise CommandError(f"--limit は1〜{MAX_RESULTS}で指定してください")
        staff = self._staff(options["staff"])
        result = search(" ".join(options["query"]), viewer=staff, limit=limit)
        resident_search_record(result=result, actor=staff, client_address=operator_address(), channel="cli")
        if options["json"]:
            rows = [resident_json(r) for r in result.residents]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for problem in result.query.problems:
            self.stderr.write(problem)
        for r in result.residents:
            flag = "【支援措置】" if r.restricted else ""
            who = f"{flag}{r.name}（{r.kana}）"
            self.stdout.write(f"{r.atena_no}  [{r.get_status_display()}] {who}  {r.birth_date}  {r.address}")
        if result.capped:
            self.stdout.write(f"{limit}人を超えました。生年月日などを加えて絞り込んでください。")

    def _staff(self, username: str) -> Staff:
        password = os.environ.get(PASSWORD_ENV)
        if password is None:
            try:
                password = getpass.getpass(f"職員「{username[:150]}」のパスワード: ")
            except EOFError:
                raise CommandError(
                    f"パスワードを入力してください（スクリプトからは環境変数 {PASSWORD_ENV}）"
                ) from None
        try:
            staff = staff_authenticate_cli(
                username=username, password=password, client_address=operator_address()
            )
        except PermissionDenied as refused:
            raise CommandError(str(refused)) from None
        if not staff.has_perm("registry.search_resident"):
            raise CommandError(f"職員「{staff.username}」には住民検索の権限がありません")
        return staff
