"""Forms of the measurement side; every message is Japanese and says what to fix."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from madoguchi.accounts.models import Department
from madoguchi.counter.packs import current_pack
from madoguchi.insights.models import ResidentSurvey
from madoguchi.insights.selectors import GRAINS, Filters

MAX_DAYS = 366 * 2


def event_choices() -> list[tuple[str, str]]:
    """Return the pack's life events as (id, name)."""
    return [(event.id, event.name) for event in current_pack().events.values()]


def event_name(event: str) -> str:
    """Return the Japanese name of an event id ("" → すべて)."""
    return dict(event_choices()).get(event, event) if event else "すべて"


class FilterForm(forms.Form):
    start = forms.DateField(
        label="期間（開始）", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="期間（終了）", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    grain = forms.ChoiceField(label="集計単位", choices=list(GRAINS.items()), required=False)
    event = forms.ChoiceField(label="ライフイベント", required=False)
    department = forms.ModelChoiceField(
        label="担当課", queryset=Department.objects.all(), required=False, empty_label="すべて"
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # forwarded unchanged to Form
        self.fields["event"].choices = [("", "すべて"), *event_choices()]  # type: ignore[attr-defined]  # a ChoiceField
        self.fields["start"].error_messages["invalid"] = "開始日は 2026-04-01 の形で入力してください"
        self.fields["end"].error_messages["invalid"] = "終了日は 2026-04-30 の形で入力してください"

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        today = timezone.localdate()
        data["end"] = data.get("end") or today
        data["start"] = data.get("start") or data["end"].replace(day=1)
        if data["start"] > data["end"]:
            raise forms.ValidationError("期間の開始日が終了日より後になっています")
        if (data["end"] - data["start"]).days > MAX_DAYS:
            raise forms.ValidationError("期間は2年以内で指定してください")
        return data

    def filters(self) -> Filters:
        """Return the filters chosen (the current month when nothing valid was given)."""
        if not self.is_valid():
            today = timezone.localdate()
            return Filters(today.replace(day=1), today, "day")
        data = self.cleaned_data
        department = data.get("department")
        return Filters(
            data["start"],
            data["end"],
            data.get("grain") or "month",
            data.get("event") or "",
            department.pk if department else None,
        )


class MonthForm(forms.Form):
    month = forms.RegexField(
        label="対象月",
        regex=r"^\d{4}-\d{2}$",
        error_messages={"invalid": "対象月は 2026-04 の形で入力してください"},
    )
    event = forms.ChoiceField(label="ライフイベント", required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # forwarded unchanged to Form
        self.fields["event"].choices = [("", "すべて"), *event_choices()]  # type: ignore[attr-defined]  # a ChoiceField

    def clean_month(self) -> dt.date:
        text = self.cleaned_data["month"]
        try:
            return dt.date(int(text[:4]), int(text[5:]), 1)
        except ValueError:
            raise forms.ValidationError(f"{text} は存在しない月です") from None

    def filters(self) -> Filters:
        first: dt.date = self.cleaned_data["month"]
        following = (first + dt.timedelta(days=32)).replace(day=1)
        return Filters(first, following - dt.timedelta(days=1), "day", self.cleaned_data.get("event") or "")


class WalkSurveyForm(forms.Form):
    event = forms.ChoiceField(label="ライフイベント")
    title = forms.CharField(label="調査名", max_length=100, initial="")
    surveyed_on = forms.DateField(label="調査日", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # forwarded unchanged to Form
        self.fields["event"].choices = event_choices()  # type: ignore[attr-defined]  # a ChoiceField
        self.fields["surveyed_on"].error_messages["invalid"] = "調査日は 2026-04-01 の形で入力してください"


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=500,
        initial=0,
        required=False,
        error_messages={
            "min_value": f"{label}は0以上で入力してください",
            "max_value": f"{label}は500以下で入力してください",
            "invalid": f"{label}は数字で入力してください",
        },
    )


class WalkStopForm(forms.Form):
    place = forms.CharField(
        label="窓口", max_length=80, error_messages={"required": "窓口の名前を入力してください"}
    )
    department = forms.CharField(label="担当課", max_length=80, required=False)
    wait_seconds = forms.IntegerField(
        label="待ち時間（秒）", min_value=0, max_value=86_400, initial=0, required=False
    )
    handling_seconds = forms.IntegerField(
        label="対応時間（秒）", min_value=0, max_value=86_400, initial=0, required=False
    )
    form_names = forms.CharField(label="記入した様式", max_length=300, required=False)
    forms = _count("記入した様式の数")  # after every use of the forms module in this class body
    writes_name = _count("氏名")
    writes_address = _count("住所")
    writes_birth_date = _count("生年月日")
    writes_phone = _count("電話番号")
    writes_other = _count("その他")


class ResidentSurveyForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label="今日の手続きの満足度",
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        choices=[(5, "とても満足"), (4, "満足"), (3, "ふつう"), (2, "不満"), (1, "とても不満")],
    )
    writing = forms.ChoiceField(
        label="書かずに済みましたか",
        required=False,
        widget=forms.RadioSelect,
        choices=ResidentSurvey.Writing.choices,
    )
    waiting = forms.ChoiceField(
        label="待ち時間はいかがでしたか",
        required=False,
        widget=forms.RadioSelect,
        choices=ResidentSurvey.Waiting.choices,
    )
    comment = forms.CharField(
        label="ご意見（お名前や電話番号は書かないでください）",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "ご意見は1000文字以内でお願いします"},
    )
