"""Grant or withdraw the 支援措置 entitlement of a member of staff from the command line."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from madoguchi.accounts.models import Staff
from madoguchi.accounts.services import staff_restricted_access_set
from madoguchi.cli import operator_address


class Command(BaseCommand):
    help = (
        "支援措置の対象者を閲覧する権限を、名前を挙げた職員に与える（grant）・取り消す（revoke）。"
        "どの役割にも含まれない権限です。操作は OS ユーザーとともに監査ログに記録されます。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "action", choices=["grant", "revoke"], help="grant（与える）または revoke（取り消す）"
        )
        parser.add_argument("username", help="職員ID")

    def handle(self, *args: Any, **options: Any) -> None:
        staff = Staff.objects.filter(username=options["username"]).first()
        if staff is None:
            raise CommandError(f"職員ID「{options['username']}」は登録されていません")
        granted = options["action"] == "grant"
        staff_restricted_access_set(staff=staff, granted=granted, client_address=operator_address())
        done = "与えました" if granted else "取り消しました"
        self.stdout.write(f"職員「{staff.username}」の支援措置の閲覧権限を{done}。")
