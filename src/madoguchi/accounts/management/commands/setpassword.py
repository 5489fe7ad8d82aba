"""Set a staff member's password from the command line, audited with the operating-system user."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from madoguchi.accounts.management.commands.createstaff import read_new_password
from madoguchi.accounts.models import Staff
from madoguchi.accounts.services import staff_password_set
from madoguchi.cli import operator_address


class Command(BaseCommand):
    help = "職員のパスワードを再設定します（12文字以上）。監査ログに操作したOSユーザーとともに記録されます。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="職員ID")
        parser.add_argument("--password-stdin", action="store_true", help="パスワードを標準入力から1行で読む")

    def handle(self, *args: Any, **options: Any) -> None:
        staff = Staff.objects.filter(username=options["username"]).first()
        if staff is None:
            raise CommandError(f"職員ID「{options['username'][:150]}」は登録されていません")
        password = read_new_password(options["password_stdin"])
        try:
            staff_password_set(
                staff=staff, password=password, changed_by=None, client_address=operator_address()
            )
        except ValidationError as error:
            raise CommandError("パスワードが条件を満たしません: " + " ".join(error.messages)) from None
        self.stdout.write(f"職員「{staff.username}」のパスワードを再設定しました。")
