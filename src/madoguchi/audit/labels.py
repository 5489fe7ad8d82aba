"""How the audit page names things: the Japanese label of every action, detail keys and subjects.

The one table of action codes; a code missing here is shown as itself (a test lists the codes in src).
"""

from __future__ import annotations

from typing import Any

from madoguchi.domain.navigator import STATUS_NAMES

ACTION_LABELS: dict[str, str] = {
    # ログイン・アカウント
    "auth.login": "ログイン",
    "auth.logout": "ログアウト",
    "auth.login_failed": "ログイン失敗",
    "auth.login_locked": "ログインの一時停止",
    "auth.login_refused": "ログイン拒否（一時停止中）",
    "access.denied": "権限のない画面へのアクセス",
    "staff.create": "職員の登録",
    "staff.update": "職員の役割・所属課の変更",
    "staff.disable": "職員の無効化",
    "staff.enable": "職員の有効化",
    "staff.password_set": "パスワードの設定（管理者）",
    "staff.password_change": "パスワードの変更（本人）",
    "staff.restricted_access_granted": "支援措置の閲覧権限の付与",
    "staff.restricted_access_withdrawn": "支援措置の閲覧権限の取消",
    "staff.demo_prepare": "デモ用職員の準備",
    "department.create": "課の登録",
    "department.update": "課の変更",
    # 住民記録
    "resident.search": "住民検索",
    "resident.view": "住民の表示",
    "resident.restricted_shown": "支援措置の対象者の表示",
    "resident.import": "住民記録の取込",
    "resident.import_check": "住民記録の取込（確認のみ）",
    "resident.numbers_import": "業務システムの番号の取込",
    "resident.numbers_import_check": "業務システムの番号の取込（確認のみ）",
    "resident.numbers_clear": "業務システムの番号の削除",
    # 来庁受付
    "case.open": "来庁受付の開始",
    "case.view": "来庁受付の表示",
    "case.board": "ボードの表示",
    "case.person_add": "受付への人の追加",
    "case.person_details": "受付の人の情報の変更",
    "case.person_remove": "受付からの人の削除",
    "case.details": "受付の内容の変更",
    "case.answer": "聞き取りの回答",
    "case.answer_undo": "聞き取りの回答の取消",
    "case.form_values": "申請書の記入内容の変更",
    "case.override": "手続の要否の変更",
    "case.note": "メモの変更",
    "case.interview_finished": "聞き取りの終了",
    "case.reopen": "聞き取りの再開",
    "case.resident_confirmed": "住民による内容確認",
    "case.correction_requested": "住民からの訂正の申し出",
    "case.close": "来庁受付の完了",
    "case.cancel": "来庁受付の取消",
    "case.merge": "重複した来庁受付の統合",
    "screen.open": "住民確認画面の開始",
    "screen.view": "住民確認画面の表示",
    "screen.code_refused": "確認コードの誤り",
    "document.print": "書類の印刷",
    # おくやみコーナー
    "booking.create": "おくやみコーナーの予約",
    "booking.reschedule": "予約の日時の変更",
    "booking.cancel": "予約の取消",
    "booking.no_show": "予約の来庁なし",
    "booking.view": "予約の表示",
    "booking.list": "予約一覧・カレンダーの表示",
    "booking.print": "予約確認票の印刷",
    "booking.arrive": "予約の来庁（受付の開始）",
    "booking.leave": "予約の退庁",
    "preparation.list": "事前準備の一覧の表示",
    "preparation.view": "事前準備の表示",
    "preparation.save": "事前準備の保存",
    "preparation.done": "事前準備の完了",
    "followup.list": "おくやみのフォローアップ一覧の表示",
    "corner.save": "おくやみコーナーの設定",
    "corner.closure_add": "臨時の閉庁日の追加",
    "corner.closure_remove": "臨時の閉庁日の取消",
    # 効果測定
    "walk.create": "窓口体験調査の作成",
    "walk.start": "窓口体験調査の開始",
    "walk.finish": "窓口体験調査の終了",
    "walk.stop_add": "窓口体験調査の立ち寄り先の記録",
    "walk.stop_remove": "窓口体験調査の立ち寄り先の削除",
    "insights.export": "効果測定の出力（CSV・月次報告）",
    # 担当課
    "task.worklist": "担当課の手続一覧の表示",
    "task.view": "担当課の手続の表示",
    "task.take": "手続の担当",
    "task.complete": "手続の完了",
    "task.not_needed": "手続を対象外に",
    "task.defer": "手続の保留",
    "task.reopen": "手続の再開",
    # 監査
    "audit.view": "監査ログの表示",
    "audit.verify": "監査ログの改ざん検査",
    "backup.create": "バックアップの作成",
    "backup.restore": "バックアップからの復元",
    "retention.run": "保存期間を過ぎた記録の削除・匿名化",
    "audit.prune": "古い監査ログの整理（チェックポイント）",
    "export.csv": "CSVの出力",
}

# The action filter's groups: an action code's part before the dot, named for the auditor.
ACTION_GROUPS: dict[str, str] = {
    "auth": "ログイン",
    "access": "権限のない画面",
    "staff": "職員の管理",
    "department": "課の管理",
    "resident": "住民記録",
    "case": "来庁受付",
    "screen": "住民確認画面",
    "document": "印刷",
    "task": "担当課の手続",
    "booking": "おくやみコーナーの予約",
    "preparation": "おくやみの事前準備",
    "followup": "おくやみのフォローアップ",
    "corner": "おくやみコーナーの設定",
    "walk": "窓口体験調査",
    "insights": "効果測定",
    "audit": "監査ログ",
    "export": "出力",
    "backup": "バックアップ",
    "retention": "保存期間",
}


def action_choices() -> list[tuple[str, object]]:
    """Return the action filter's options: each group (all its actions) and its actions, in Japanese."""
    choices: list[tuple[str, object]] = [("", "すべての操作")]
    for prefix, name in ACTION_GROUPS.items():
        actions = [(code, label) for code, label in ACTION_LABELS.items() if code.split(".")[0] == prefix]
        choices.append((name, [(f"{prefix}.", f"{name}のすべて"), *actions]))
    return choices


_DETAIL_LABELS = {
    "filters": "絞り込み",
    "page": "ページ",
    "roles": "役割",
    "departments": "所属課",
    "before": "変更前",
    "after": "変更後",
    "must_change": "次回ログイン時に変更",
    "valid_until": "有効期限",
    "reason": "理由",
    "deceased": "亡くなった方",
    "preparations": "事前準備",
    "procedures": "手続",
    "booking": "予約",
    "from": "変更前の日時",
    "to": "変更後の日時",
    "tasks_withdrawn": "取り下げた手続",
    "merged_into": "統合先",
    "duplicate": "重複した受付",
    "original": "元の受付",
    "people": "移した人",
    "answers": "移した回答",
    "form_values": "移した記入事項",
    "known_account": "登録済みの職員ID",
    "minutes_left": "残り（分）",
    "kind": "種類",
    "failures": "失敗回数",
    "kinds": "検索の種類",
    "count": "件数",
    "shown": "表示した住民",
    "restricted_shown": "表示した支援措置の対象者",
    "capped": "件数の上限で打ち切り",
    "channel": "経路",
    "restricted": "支援措置の対象",
    "household": "世帯",
    "tasks": "手続",
    "cases": "受付",
    "case": "受付",
    "person": "人",
    "role": "立場",
    "fact": "項目",
    "unknown": "不明と回答",
    "fields": "項目",
    "paths": "項目",
    "staff": "職員",
    "code": "課コード",
    "name": "名称",
    "ok": "結果",
    "checked": "検査した件数",
    "broken_seq": "異常のあった連番",
    "resident": "住民",
    "date_from": "開始日",
    "date_to": "終了日",
    "action": "操作",
    "subject": "対象",
    "items": "項目数",
    "confirmation_voided": "確認コードの無効化",
    "refused": "条件の誤りで表示せず",
    # 住民記録の取込・出力
    "encoding": "文字コード",
    "dry_run": "確認のみ（登録せず）",
    "rows": "行数",
    "added": "追加",
    "changed": "変更",
    "unchanged": "変更なし",
    "missing": "記録から消えた人",
    "number_kinds": "番号の種類",
    "deleted": "削除した件数",
    "outside_register": "住民記録にない宛名番号",
    "errors": "誤りの件数",
    "bytes": "大きさ（バイト）",
    # 受付・手続・印刷
    "events": "ライフイベント",
    "event": "ライフイベント",
    "procedure": "手続",
    "status": "状態",
    "part": "表示した部分",
    "forms": "様式",
    "pages": "ページ数",
    "version": "版",
    "command": "コマンド",
    # 効果測定の絞り込み
    "start": "期間の初日",
    "end": "期間の末日",
    "grain": "集計単位",
    "department": "課",
    # 権限のない画面・バックアップ・保存期間
    "view": "画面",
    "method": "方法",
    "ids": "番号",
    "file": "ファイル",
    "audit_seq": "監査ログの連番（時点）",
    "tables": "表の数",
    "backup_created_at": "バックアップの作成日時",
    "counts": "件数",
    "through_seq": "整理した連番（ここまで）",
    "through_hash": "チェックポイントのハッシュ",
}
_VALUE_LABELS = {
    "web": "画面",
    "audit": "監査ログ画面",
    "cli": "コマンド",
    "bad_credentials": "IDまたはパスワードの誤り",
    "bad_credentials_cli": "IDまたはパスワードの誤り（コマンド）",
    "account": "アカウント",
    "address": "接続元アドレス",
    "logout": "ログアウト",
    "expired_idle": "30分間操作なし",
    "expired_absolute": "ログインから12時間",
    "kanji_name": "氏名",
    "kana_name": "フリガナ",
    "birth_date": "生年月日",
    "atena_no": "宛名番号",
    "utf-8-sig": "UTF-8",
    "cp932": "Shift_JIS（CP932）",
    "bundle": "申請書一式",
    "checklist": "手続のチェックリスト",
    "handbook": "おくやみハンドブック",
    "handbook_calendar": "期限のカレンダー（.ics）",
    "GET": "表示",
    "POST": "送信",
}
_SUBJECT_LABELS = {
    "resident": "住民",
    "household": "世帯",
    "case": "受付",
    "task": "手続",
    "staff": "職員",
    "department": "課",
    "audit": "監査ログ",
}


def action_label(code: str) -> str:
    """Return the Japanese name of an action code (the code itself when unknown)."""
    return ACTION_LABELS.get(code, code)


def subject_label(subject: str) -> str:
    """Return 「住民 #12」 for resident:12; other text unchanged."""
    kind, _, number = subject.partition(":")
    if kind in _SUBJECT_LABELS:
        return f"{_SUBJECT_LABELS[kind]} #{number}" if number else _SUBJECT_LABELS[kind]
    return subject


def detail_lines(detail: dict[str, Any], departments: dict[str, str]) -> list[str]:
    """Return the detail as 「項目: 値」 lines in Japanese; absent values left out, empty ones say なし."""
    return [
        f"{_DETAIL_LABELS.get(key, key)}: {_value_text(key, value, departments)}"
        for key, value in detail.items()
        if value is not None and value != ""
    ]


def _value_text(key: str, value: Any, departments: dict[str, str]) -> str:
    if isinstance(value, bool) and key == "ok":
        return "異常なし" if value else "異常あり"
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if isinstance(value, dict):
        return "、".join(detail_lines(value, departments)) or "なし"
    if isinstance(value, list):
        return "、".join(_value_text(key, item, departments) for item in value) or "なし"
    text = str(value)
    if key in ("departments", "code", "department"):
        return departments.get(text, text)
    if key == "action":
        return action_label(text)
    if key == "status" and text in STATUS_NAMES:
        return STATUS_NAMES[text]
    return _VALUE_LABELS.get(text, subject_label(text))
