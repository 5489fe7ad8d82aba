"""`madoguchi demo`: prepare the demo installation (departments, one staff account per role)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from madoguchi.ops.demo import DEMO_STAFF, demo_prepare


class Command(BaseCommand):
    help = "デモ用の課と職員（役割ごとに1人）を用意します。デモ専用です。本番環境では使わないでください。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-migrate", action="store_true", help="migrate を実行しない")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        demo_prepare()
        self.stdout.write("")
        self.stdout.write("デモ用ログイン（職員ID / パスワード / 役割）:")
        for staff in DEMO_STAFF:
            self.stdout.write(
                f"  {staff.username:<12} {staff.password:<22} {staff.role.value}（{staff.department_name}）"
            )
        self.stdout.write("")
