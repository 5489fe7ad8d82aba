"""Create a staff account from the command line."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from madoguchi.accounts.models import Department, Staff
from madoguchi.accounts.roles import Role
from madoguchi.accounts.services import staff_create
from madoguchi.cli import operator_address

ROLE_NAMES = {
    "counter": Role.COUNTER,
    "department": Role.DEPARTMENT,
    "admin": Role.ADMIN,
    "auditor": Role.AUDITOR,
}


class Command(BaseCommand):
    help = (
        "職員アカウントを作成します（役割は counter・department・admin・auditor から。全権限のアカウントは"
        "作れません）。パスワードは12文字以上。作成は操作したOSユーザーとともに監査ログに記録されます。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="職員ID")
        parser.add_argument("--name", default="", help="表示名（例: 窓口 花子）")
        parser.add_argument(
            "--role", action="append", default=[], choices=sorted(ROLE_NAMES), help="役割（複数指定可）"
        )
        parser.add_argument("--department", action="append", default=[], help="所属課のコード（複数指定可）")
        parser.add_argument("--password-stdin", action="store_true", help="パスワードを標準入力から1行で読む")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        if Staff.objects.filter(username=username).exists():
            raise CommandError(f"職員ID「{username}」は既に登録されています")
        known = set(Department.objects.values_list("code", flat=True))
        unknown = [code for code in options["department"] if code not in known]
        if unknown:
            raise CommandError(
                f"課コード {', '.join(unknown)} は登録されていません（登録済み: {', '.join(sorted(known))}）"
            )
        password = read_new_password(options["password_stdin"])
        try:
            staff_create(
                username=username,
                password=password,
                display_name=options["name"],
                roles=[ROLE_NAMES[name] for name in options["role"]],
                department_codes=options["department"],
                client_address=operator_address(),
            )
        except ValidationError as error:
            raise CommandError("作成できません: " + " ".join(error.messages)) from None
        self.stdout.write(f"職員「{username}」を作成しました。")


def read_new_password(from_stdin: bool) -> str:
    """Read a new password from one line of standard input, or typed twice without echo."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    try:
        first = getpass.getpass("パスワード: ")
        again = getpass.getpass("パスワード（確認）: ")
    except EOFError:
        raise CommandError("パスワードを入力してください（スクリプトからは --password-stdin）") from None
    if first != again:
        raise CommandError("パスワードが一致しません")
    return first
