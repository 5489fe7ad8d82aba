"""`madoguchi serve`: run the app under gunicorn (production WSGI server), static files via whitenoise."""

from __future__ import annotations

import os
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from gunicorn.app.base import BaseApplication

# Python holds one lock per process: with several processes both cores serve requests at once.
DEFAULT_WORKERS = 2 * (os.cpu_count() or 1)


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from madoguchi.config.wsgi import application

        return application


class Command(BaseCommand):
    help = "本番用WSGIサーバ（gunicorn）でアプリを起動します。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="待ち受けるアドレス（既定: 127.0.0.1）")
        parser.add_argument("--port", type=int, default=8000, help="ポート番号（既定: 8000）")
        parser.add_argument(
            "--workers",
            type=int,
            default=DEFAULT_WORKERS,
            help=f"ワーカープロセス数（既定: CPUコア数×2 = {DEFAULT_WORKERS}）",
        )
        parser.add_argument("--threads", type=int, default=4, help="ワーカーごとのスレッド数（既定: 4）")
        parser.add_argument("--no-collectstatic", action="store_true", help="起動前の静的ファイル収集を省く")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 1 <= options["port"] <= 65535:
            raise CommandError(f"--port の値 {options['port']} は 1〜65535 の範囲で指定してください")
        if options["workers"] < 1 or options["threads"] < 1:
            raise CommandError("--workers と --threads は1以上を指定してください")
        if not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"http://{options['host']}:{options['port']}/ で起動します（終了は Ctrl+C）")
        _Gunicorn(
            {
                "bind": f"{options['host']}:{options['port']}",
                "workers": options["workers"],
                "threads": options["threads"],
                "worker_class": "gthread",
                "accesslog": None,
                "errorlog": "-",
                "timeout": 60,
            }
        ).run()
