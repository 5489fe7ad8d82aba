"""`madoguchi housekeeping`: remove abandoned import uploads; derive figures of cases closed without them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from madoguchi.insights.services import figures_refresh
from madoguchi.registry.uploads import PENDING_MAX_AGE_SECONDS, pending_uploads_sweep


class Command(BaseCommand):
    help = (
        f"取込の確認を待ったまま{PENDING_MAX_AGE_SECONDS // 60}分を過ぎた住民CSVを削除します。"
        "あわせて、集計値のない完了済みの受付（更新前に完了したものなど）の集計値を作ります。"
        "madoguchi serve は1分ごとに自動で行います。"
        "ほかのWSGIサーバでは cron などで定期的に実行してください。"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        removed = pending_uploads_sweep()
        if options["verbosity"] >= 1:
            self.stdout.write(f"確認待ちのまま残っていた取込ファイル: {removed}件を削除しました。")
        derived = figures_refresh()
        if options["verbosity"] >= 1:
            self.stdout.write(f"効果測定の集計値: {derived}件の受付について作りました。")
