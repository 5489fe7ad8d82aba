"""`madoguchi demo`: prepare the demo installation (departments, accounts per role and department)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from madoguchi.cli import operator_address
from madoguchi.counter.demo import demo_visits_create
from madoguchi.okuyami.demo import demo_bookings_create
from madoguchi.ops.demo import DEMO_RESIDENTS, demo_numbers_load, demo_prepare, demo_residents_load


class Command(BaseCommand):
    help = (
        "デモ用の課と職員（役割ごとに1人）と架空の住民5,000人を用意します。"
        "デモ専用です。本番環境では使わないでください。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-migrate", action="store_true", help="migrate を実行しない")
        parser.add_argument(
            "--no-residents", action="store_true", help=f"架空の住民{DEMO_RESIDENTS}人を取り込まない"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        demo_staff = demo_prepare(client_address=operator_address())
        if not options["no_residents"]:
            report = demo_residents_load(client_address=operator_address())
            self.stdout.write(
                f"架空の住民: 追加 {report.added}人・変更 {report.changed}人・変更なし {report.unchanged}人"
            )
            numbers = demo_numbers_load(client_address=operator_address())
            self.stdout.write(f"架空の業務システムの番号（国保記号番号など）: {numbers.rows}件")
        created = demo_visits_create(counter_username="madoguchi", department_username="hoken")
        if created:
            self.stdout.write(f"デモの来庁受付: {created}件（聞き取り中・担当課対応中・完了・転出）")
        booked = demo_bookings_create(counter_username="madoguchi")
        if booked:
            self.stdout.write(f"デモのおくやみコーナー予約: {booked}件")
        self.stdout.write("")
        self.stdout.write("デモ用ログイン（職員ID / パスワード / 役割）:")
        for staff in demo_staff:
            self.stdout.write(
                f"  {staff.username:<12} {staff.password:<22} {staff.role.value}（{staff.department_name}）"
                + (f" — {staff.note}" if staff.note else "")
            )
        self.stdout.write("")
