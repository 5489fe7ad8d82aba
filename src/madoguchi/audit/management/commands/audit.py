"""`madoguchi audit verify|anchor`: check the hash chain and export its head."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from madoguchi.audit.selectors import Anchor, audit_anchor, audit_verify


class Command(BaseCommand):
    help = "監査ログのハッシュチェーンを検証（verify）し、先頭ハッシュ（anchor）を出力します。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="チェーンを最初から検証する")
        verify.add_argument(
            "--anchor", type=Path, help="以前に保存したアンカーのJSONファイル（末尾の削除を検出）"
        )
        anchor = sub.add_parser("anchor", help="現在の先頭ハッシュを時刻付きで出力する")
        anchor.add_argument("--out", type=Path, help="JSONを書き出すファイル（省略時は標準出力）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "anchor":
            self._anchor(options["out"])
        else:
            self._verify(options["anchor"])

    def _anchor(self, out: Path | None) -> None:
        text = json.dumps(audit_anchor().to_json(), ensure_ascii=False)
        if out is None:
            self.stdout.write(text)
            return
        out.write_text(text + "\n", encoding="utf-8")
        self.stdout.write(f"アンカーを {out} に書き出しました: {text}")

    def _verify(self, anchor_path: Path | None) -> None:
        anchor = _read_anchor(anchor_path) if anchor_path else None
        result = audit_verify(anchor=anchor)
        if not result.ok:
            raise CommandError(f"監査ログの検証に失敗しました（{result.checked}件まで正常）: {result.reason}")
        suffix = f"、アンカー（連番 {anchor.seq}）と一致" if anchor and anchor.seq else ""
        self.stdout.write(f"OK: 監査ログ {result.checked}件のチェーンは正常です{suffix}。")


def _read_anchor(path: Path) -> Anchor:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Anchor(
            seq=int(data["seq"]),
            entry_hash=str(data["hash"]),
            taken_at=datetime.fromisoformat(data["taken_at"]),
        )
    except FileNotFoundError:
        raise CommandError(f"アンカーファイル {path} が見つかりません") from None
    except (ValueError, KeyError, TypeError) as error:
        raise CommandError(f"アンカーファイル {path} の形式が正しくありません（{error}）") from None
