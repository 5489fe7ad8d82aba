"""Replace Django's `createsuperuser`: an account that sees everything would be created unaudited."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "使えません。職員は madoguchi createstaff で役割を付けて作成します。"

    def add_arguments(self, parser: Any) -> None:
        # Accept Django's own options so that scripts get the message below, not a usage error.
        parser.add_argument("args", nargs="*")
        parser.add_argument("--username")
        parser.add_argument("--email")
        parser.add_argument("--noinput", "--no-input", action="store_true")
        parser.add_argument("--database")

    def handle(self, *args: Any, **options: Any) -> None:
        raise CommandError(
            "createsuperuser は使えません。すべての権限を持つアカウントは作らず、職員は役割を付けて"
            "作成します: madoguchi createstaff 職員ID --role admin（詳しくは madoguchi createstaff --help）"
        )
