"""`madoguchi serve`: run the app under gunicorn (production WSGI server), static files via whitenoise."""

from __future__ import annotations

import gc
import logging
import os
import threading
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from gunicorn.app.base import BaseApplication

# Python holds one lock per process: with several processes both cores serve requests at once.
# gunicorn's rule of thumb; the extra worker covers one busy with a long request (an import, a print).
DEFAULT_WORKERS = 2 * (os.cpu_count() or 1) + 1
# One thread: gunicorn's sync worker takes a connection only when it is idle, so requests spread over
# all workers. Threaded workers keep browsers' keep-alive connections, and under load one worker
# ended up with nearly all of them (bench/load_counter.py: 736 of 737 requests in one of four
# workers; p95 1.5–2 times that of the default) while the others idled.
DEFAULT_THREADS = 1
logger = logging.getLogger(__name__)
# How often each worker removes abandoned import uploads (they must not outlive their few minutes).
HOUSEKEEPING_EVERY_SECONDS = 60


def worker_ready(worker: Any) -> None:
    """Load the pack and form layouts before the first request, then keep them out of collections.

    Loading takes about half a second, which the first visit of each worker would otherwise wait
    for; and a full garbage collection that walks the pack's objects holds the worker's lock for
    ~70 ms, stalling every request in that worker. Frozen objects are never scanned again.
    """
    from madoguchi.counter.packs import current_layouts, current_pack

    try:
        current_pack()
        current_layouts()
    except Exception:  # a broken pack shows its error on the counter pages; the worker still serves
        logger.exception("手続パックを事前に読み込めませんでした")
    gc.freeze()
    threading.Thread(target=_housekeeping_loop, name="madoguchi-housekeeping", daemon=True).start()


def _housekeeping_loop() -> None:
    """Sweep abandoned uploads and derive missing case figures once a minute (never on a page view)."""
    from madoguchi.insights.services import figures_refresh
    from madoguchi.registry.uploads import pending_uploads_sweep

    while True:
        # Any failure is logged and retried next minute: one bad round must not end the loop for good.
        try:
            pending_uploads_sweep()
        except Exception:
            logger.exception("確認待ちの取込ファイルを削除できませんでした")
        try:
            figures_refresh()
        except Exception:
            logger.exception("効果測定の集計値を作れませんでした")
        time.sleep(HOUSEKEEPING_EVERY_SECONDS)


class _Gunicorn(BaseApplication):  # type: ignore[misc]  # gunicorn ships no type hints
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
            help=f"ワーカープロセス数（既定: CPUコア数×2＋1 = {DEFAULT_WORKERS}）",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=DEFAULT_THREADS,
            help=f"ワーカーごとのスレッド数（既定: {DEFAULT_THREADS}。2以上ではスレッド型ワーカー）",
        )
        parser.add_argument("--no-collectstatic", action="store_true", help="起動前の静的ファイル収集を省く")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 1 <= options["port"] <= 65535:
            raise CommandError(f"--port の値 {options['port']} は 1〜65535 の範囲で指定してください")
        if options["workers"] < 1 or options["threads"] < 1:
            raise CommandError("--workers と --threads は1以上を指定してください")
        if not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        # An anchor at every start: later truncation or rewriting of the chain so far is found by verify.
        call_command("audit", "anchor", "--append", stdout=self.stdout)
        connections.close_all()  # workers are forked from this process and must not share its connection
        self.stdout.write(f"http://{options['host']}:{options['port']}/ で起動します（終了は Ctrl+C）")
        _Gunicorn(
            {
                "bind": f"{options['host']}:{options['port']}",
                "workers": options["workers"],
                "threads": options["threads"],
                "worker_class": "sync" if options["threads"] == 1 else "gthread",
                "accesslog": None,
                "errorlog": "-",
                "timeout": 60,
                "post_worker_init": worker_ready,
            }
        ).run()
