"""Replace Django's `changepassword` with the audited `setpassword`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "使えません。パスワードの再設定は madoguchi setpassword で行います（監査ログに記録）。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("args", nargs="*")
        parser.add_argument("--database")

    def handle(self, *args: Any, **options: Any) -> None:
        raise CommandError(
            "changepassword は使えません（監査ログに記録されないため）。"
            "パスワードの再設定は madoguchi setpassword 職員ID で行ってください。"
        )
