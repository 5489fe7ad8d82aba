"""Forms of the bereavement corner: a phone booking, a new date, a department's findings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import jaconv
from django import forms

from madoguchi.counter.forms import NO, UNKNOWN, YES, JapaneseDateField

ANSWER_CHOICES = [("", "未確認"), (YES, "はい"), (NO, "いいえ"), (UNKNOWN, "不明")]


class TimeField(forms.Field):
    """A start time typed as 9:00, 09:00, ９時, 9時30分 or picked from the slots."""

    def to_python(self, value: Any) -> dt.time | None:
        text = jaconv.z2h(str(value or "").strip()[:20], digit=True, ascii=True)
        if not text:
            return None
        text = text.replace("時", ":").replace("分", "").rstrip(":")
        hour, _, minute = text.partition(":")
        try:
            return dt.time(int(hour), int(minute or 0))
        except ValueError:
            raise forms.ValidationError(f"「{value}」は時刻として読めません（例: 10:30）") from None


class SlotForm(forms.Form):
    day = JapaneseDateField(label="予約日")
    start = TimeField(label="開始時刻")

    # The slot rules name the date and the time; the form calls them day and start.
    RULE_FIELDS = {"date": "day", "time": "start"}

    def add_refusal(self, field: str, message: str) -> None:
        """Show a refusal of the slot rules or the booking beside the field it concerns."""
        name = self.RULE_FIELDS.get(field, field)
        self.add_error(name if name in self.fields else None, message)


class BookingForm(SlotForm):
    death_date = JapaneseDateField(label="死亡日")
    contact_name = forms.CharField(label="連絡先の方の氏名", max_length=100)
    contact_relationship = forms.CharField(label="亡くなった方との続柄", max_length=40, required=False)
    contact_phone = forms.CharField(label="連絡先電話番号", max_length=30)
    attendees = forms.CharField(label="来庁する方", max_length=200, required=False)
    mourner = forms.CharField(label="喪主", max_length=100, required=False)
    heirs = forms.CharField(label="相続人（わかる範囲）", max_length=200, required=False)
    notes = forms.CharField(
        label="メモ", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, questions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for index, (_fact, question) in enumerate(questions):
            self.fields[f"q{index}"] = forms.ChoiceField(
                label=question, choices=ANSWER_CHOICES, required=False, widget=forms.RadioSelect
            )

    def answers(self) -> dict[str, bool | None]:
        """Return the answers in the counter's shape: True, False, None (不明); unasked ones left out."""
        found: dict[str, bool | None] = {}
        for index, (fact, _question) in enumerate(self.questions):
            value = self.cleaned_data.get(f"q{index}")
            if value:
                found[fact] = None if value == UNKNOWN else value == YES
        return found

    def question_fields(self) -> list[forms.BoundField]:
        """Return the pre-interview questions for the template."""
        return [self[f"q{index}"] for index in range(len(self.questions))]


class CancelForm(forms.Form):
    reason = forms.CharField(label="取り消す理由", max_length=200)
