from django import forms


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(
        label="期間（開始日）", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="期間（終了日）", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    staff = forms.CharField(label="職員ID", required=False, max_length=150)
    action = forms.CharField(label="操作（前方一致）", required=False, max_length=60)
    subject = forms.CharField(label="対象ID", required=False, max_length=100)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "終了日は開始日以降の日付を指定してください。")
        return cleaned
