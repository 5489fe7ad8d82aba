"""Grant or withdraw the 支援措置 entitlement of a member of staff from the command line."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from madoguchi.accounts.models import Staff
from madoguchi.accounts.services import staff_restricted_access_set
from madoguchi.cli import operator_address
from madoguchi.domain.japanese import JapaneseInputError, parse_date


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
        parser.add_argument(
            "--until", default="", help="有効期限（この日まで。例: 2027-03-31、R9.3.31）。省略すると期限なし"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        staff = Staff.objects.filter(username=options["username"]).first()
        if staff is None:
            raise CommandError(f"職員ID「{options['username']}」は登録されていません")
        granted = options["action"] == "grant"
        until = _until(options["until"]) if granted else None
        try:
            staff_restricted_access_set(
                staff=staff, granted=granted, valid_until=until, client_address=operator_address()
            )
        except ValidationError as error:
            raise CommandError("・".join(error.messages)) from None
        done = "与えました" if granted else "取り消しました"
        limit = f"（{until:%Y-%m-%d}まで）" if until else ""
        self.stdout.write(f"職員「{staff.username}」の支援措置の閲覧権限を{done}{limit}。")


def _until(text: str) -> date | None:
    if not text:
        return None
    try:
        return parse_date(text)
    except JapaneseInputError as error:
        raise CommandError(f"--until: {error}") from None
