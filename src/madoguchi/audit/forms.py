"""The auditor's filters. A filter that cannot be read lists nothing and says why."""

from __future__ import annotations

from django import forms

from madoguchi.audit.labels import action_choices

_DATE_ERRORS = {"invalid": "日付として読めません。年-月-日（例: 2026-04-01）で指定してください。"}


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(
        label="期間（開始日）",
        required=False,
        error_messages=_DATE_ERRORS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label="期間（終了日）",
        required=False,
        error_messages=_DATE_ERRORS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    staff = forms.CharField(label="職員ID", required=False, max_length=150)
    action = forms.ChoiceField(
        label="操作",
        required=False,
        choices=action_choices,
        error_messages={"invalid_choice": "この操作は一覧にありません。一覧から選んでください。"},
    )
    subject = forms.CharField(label="対象ID", required=False, max_length=100)
    resident = forms.CharField(
        label="住民（宛名番号・氏名・生年月日）",
        required=False,
        max_length=200,
        help_text="住民検索と同じ方法で探し、その方に関する記録を表示します（検索も記録されます）。",
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "終了日が開始日より前です。開始日以降の日付を指定してください。")
        return cleaned
