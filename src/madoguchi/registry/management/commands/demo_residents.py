"""`madoguchi demo-residents`: write a fictitious resident register CSV for demos and benchmarks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from madoguchi.registry.demo import write_demo_csv


class Command(BaseCommand):
    help = (
        "架空の住民データ（窓口県まどか市）をCSVで書き出します。同じ --seed なら同じ内容です。"
        "実在の人物・住所とは関係ありません。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=5000, help="人数（既定: 5000）")
        parser.add_argument("--seed", type=int, default=1, help="乱数の種（既定: 1）")
        parser.add_argument("--out", required=True, help="書き出すCSVファイル")
        parser.add_argument(
            "--encoding",
            choices=("utf-8", "cp932"),
            default="utf-8",
            help="文字コード（既定: utf-8、BOM付き）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        cp932 = options["encoding"] == "cp932"
        encoding = "cp932" if cp932 else "utf-8-sig"
        path = Path(options["out"])
        with path.open("w", encoding=encoding, newline="") as out:
            count = write_demo_csv(out, count=options["count"], seed=options["seed"], cp932=cp932)
        self.stdout.write(f"{path} に{count}人分を書き出しました（{encoding}）")
