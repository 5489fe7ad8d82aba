"""The `madoguchi` command: pure tools run directly, everything else through Django management."""

from __future__ import annotations

import getpass
import importlib
import os
import sys

# Files the app creates (database, -wal/-shm, uploads, keys, exports) are readable by their owner only.
PRIVATE_UMASK = 0o077

# Subcommands that need no database or settings: module in madoguchi.commands exposing run(argv) -> int.
PURE_COMMANDS = {
    "pack": "pack",
    "navigate": "navigate",
    "render": "render",
    "render-bundle": "render_bundle",
}

HELP = """\
使い方: madoguchi <コマンド> [オプション]   （各コマンドの詳細は madoguchi <コマンド> --help）

主なコマンド:
  serve [--host H] [--port P] [--workers N]   本番用WSGIサーバ（gunicorn）でアプリを起動する
  migrate                                      データベースを最新の構造にする
  createstaff USER --role ROLE                 職員アカウントを作成する（全権限のアカウントは作れません）
  setpassword USER                             職員のパスワードを再設定する
  import-residents FILE [--dry-run]            住民記録CSVを取り込む（全件成功か、何も変えないか）
  import-numbers FILE [--dry-run]              国保記号番号など業務システムの番号を取り込む（申請書に印字）
  search QUERY --as USER [--json]              職員として住民を検索する（その職員のパスワードが必要）
  housekeeping                                 確認待ちのまま残った取込ファイルを削除する
  demo-residents --count N --out FILE          架空の住民記録CSVを作る
  demo                                         デモ用の課・職員を作成する（デモ用。本番では使わない）
  corner show | set --place 場所 | close 日付   おくやみコーナーの予約枠・臨時の閉庁日を表示・設定する
  audit verify [--anchor FILE]                 監査ログのハッシュチェーンを検証する
  audit anchor [--out FILE | --append]         監査ログの先頭を署名つきで出力・アンカーファイルに追記する
  restricted-access grant|revoke USER          支援措置の閲覧権限を与える（--until 日付）・取り消す
  backup FILE | backup verify FILE            暗号化バックアップを作る・復元せずに検査する
  backup prune DIR --keep N                    新しいN世代を残して古いバックアップを消す
  restore FILE                                 空のデータベースにバックアップを復元し、監査ログを検証する
  retention run [--dry-run] | retention show   保存期間を過ぎた記録を削除・匿名化する
  check [--deploy]                             設定を点検する
  pack check DIR | pack test DIR               手続パックを検査・シナリオ試験する
  navigate EVENT --pack DIR --facts FILE       ライフイベントの手続を判定する

Django の管理コマンドも使えます（madoguchi help で一覧）。ただし監査ログを通らない
createsuperuser と changepassword は使えません（createstaff・setpassword を使います）。
個人情報や職員に触れる操作は、操作したOSユーザー（接続元「cli:ユーザー名」）とともに監査ログに記録されます。
"""


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand and return its exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    os.umask(PRIVATE_UMASK)
    if not args or args[0] in {"-h", "--help"}:
        print(HELP)
        return 0
    if args[0] in PURE_COMMANDS:
        module = importlib.import_module(f"madoguchi.commands.{PURE_COMMANDS[args[0]]}")
        return int(module.run(args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madoguchi.config.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    # Operators type `import-residents`; Django modules are named `import_residents`.
    args[0] = args[0].replace("-", "_")
    try:
        execute_from_command_line(["madoguchi", *args])
    except ImproperlyConfigured as error:
        print(f"設定エラー: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


def operator_address() -> str:
    """Return the audit trail's 接続元 for a command-line action: "cli:" and the operating-system user."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no name for this uid (a bare container)
        user = f"uid{os.getuid()}"
    return f"cli:{user}"[:45]


if __name__ == "__main__":
    raise SystemExit(main())
