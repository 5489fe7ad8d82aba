"""`madoguchi search QUERY`: the counter's one-box search from the command line, audited."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from madoguchi.accounts.models import Staff
from madoguchi.registry.display import resident_json
from madoguchi.registry.selectors import MAX_RESULTS, RESTRICTED_PERMISSION, search
from madoguchi.registry.services import resident_search_record


class Command(BaseCommand):
    help = (
        "住民を1つの検索語で探します（氏名・フリガナ・生年月日・宛名番号）。最大50人。"
        "支援措置の対象者は --as で権限のある職員を指定したときだけ出ます。検索は監査ログに記録されます。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query", nargs="+", help="検索語（例: やまだ 4050101、山田 S45.4.1）")
        parser.add_argument("--json", action="store_true", help="JSON配列で出力する")
        parser.add_argument("--limit", type=int, default=MAX_RESULTS, help=f"最大件数（1〜{MAX_RESULTS}）")
        parser.add_argument("--as", dest="staff", default="", help="検索する職員ID（権限と監査ログに使う）")

    def handle(self, *args: Any, **options: Any) -> None:
        limit = options["limit"]
        if not 1 <= limit <= MAX_RESULTS:
            raise CommandError(f"--limit は1〜{MAX_RESULTS}で指定してください")
        staff = self._staff(options["staff"])
        entitled = bool(staff and staff.has_perm(RESTRICTED_PERMISSION))
        result = search(" ".join(options["query"]), include_restricted=entitled, limit=limit)
        resident_search_record(result=result, actor=staff, channel="cli")
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

    def _staff(self, username: str) -> Staff | None:
        if not username:
            return None
        staff = Staff.objects.filter(username=username, is_active=True).first()
        if staff is None:
            raise CommandError(f"職員ID「{username}」は見つかりません")
        return staff
