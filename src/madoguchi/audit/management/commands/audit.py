"""`madoguchi audit verify|anchor`: check the sealed chain and keep its head outside the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from madoguchi.audit.anchors import AnchorFileError, anchor_append, anchor_text, anchors_read
from madoguchi.audit.keys import AuditKeyError
from madoguchi.audit.selectors import audit_anchor, audit_verify_installation


class Command(BaseCommand):
    help = "監査ログのチェーンを検証（verify）し、先頭の記録をアンカーとして書き出し（anchor）ます。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="チェーンを最初から検証する（アンカーファイルとも照合）")
        verify.add_argument(
            "--anchor", type=Path, help="別に保管したアンカーのファイル（アンカーファイルに加えて照合する）"
        )
        anchor = sub.add_parser("anchor", help="現在の先頭の記録を時刻・署名付きで出力する")
        where = anchor.add_mutually_exclusive_group()
        where.add_argument("--out", type=Path, help="JSONを書き出すファイル（省略時は標準出力）")
        where.add_argument(
            "--append", action="store_true", help="アンカーファイル（MADOGUCHI_AUDIT_ANCHOR_FILE）に追記する"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "anchor":
                self._anchor(options["out"], append=options["append"])
            else:
                self._verify(options["anchor"])
        except (AuditKeyError, AnchorFileError) as error:
            raise CommandError(str(error)) from None
        except DatabaseError as error:
            raise CommandError(
                f"監査ログを読めません（{error}）。`madoguchi migrate` を実行したか確認してください"
            ) from None

    def _anchor(self, out: Path | None, *, append: bool) -> None:
        anchor = audit_anchor()
        text = anchor_text(anchor)
        if append:
            anchor_append(settings.AUDIT_ANCHOR_FILE, anchor)
            self.stdout.write(f"アンカー（連番 {anchor.seq}）を {settings.AUDIT_ANCHOR_FILE} に追記しました")
        elif out is not None:
            try:
                out.write_text(text + "\n", encoding="utf-8")
            except OSError as error:
                raise CommandError(f"{out} に書き出せません（{error}）") from None
            self.stdout.write(f"アンカーを {out} に書き出しました: {text}")
        else:
            self.stdout.write(text)

    def _verify(self, anchor_path: Path | None) -> None:
        extra = anchors_read(anchor_path, signed_only=False) if anchor_path is not None else []
        check = audit_verify_installation(extra=extra)
        result, anchors = check.result, check.anchors
        if not result.ok:
            raise CommandError(
                f"監査ログの検証に失敗しました（{result.checked}件まで正常）。"
                f"最初の異常は連番 {result.broken_seq}: {result.reason}"
            )
        suffix = f"。アンカー{len(anchors)}件と一致（最新は連番 {check.last_anchored}）" if anchors else ""
        older = f"（うち鍵導入前の記録 {result.unkeyed}件）" if result.unkeyed else ""
        self.stdout.write(f"OK: 監査ログ {result.checked}件{older}のチェーンは正常です{suffix}。")
        if not check.anchor_file_exists:
            anchor_file = settings.AUDIT_ANCHOR_FILE
            self.stdout.write(f"注意: アンカーファイル {anchor_file} がないため、末尾の削除は検出できません")
