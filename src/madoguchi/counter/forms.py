"""Forms of the counter: open a visit, type in a person, answer a question, act on a task.

Dates accept every common notation (令和8年12月1日, R8.12.1, 2026-12-01, 5081201) through
madoguchi.domain.japanese; messages name the field and the problem in Japanese.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import jaconv
from django import forms
from django.http import QueryDict

from madoguchi.counter.formdata import FormQuestion
from madoguchi.domain.japanese import (
    JapaneseInputError,
    code_digits,
    format_wareki,
    normalize_phone,
    normalize_postal_code,
    parse_date,
    to_katakana,
)
from madoguchi.domain.packs import Checklist, FactSpec

YES, NO, UNKNOWN = "yes", "no", "unknown"
# The largest plausible answer per unit: a typo beyond it is refused, not recorded.
LARGEST = {"か月": 960, "年": 120, "歳": 150, "g": 9999, "人": 99}


class JapaneseDateField(forms.Field):
    """A date typed in any common Japanese or western notation."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> dt.date | None:
        text = str(value or "").strip()[:30]
        if not text:
            return None
        try:
            return parse_date(text)
        except JapaneseInputError as err:
            raise forms.ValidationError(f"「{text}」: {err}") from None


class OpenCaseForm(forms.Form):
    events = forms.MultipleChoiceField(label="ライフイベント", widget=forms.CheckboxSelectMultiple)
    seat = forms.CharField(label="窓口・席", max_length=40, initial="おくやみコーナー")
    event_date = JapaneseDateField(label="できごとの日（わかれば）", required=False)

    def __init__(self, *args: Any, event_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["events"].choices = event_choices  # type: ignore[attr-defined]  # a ChoiceField here


class SeenField(forms.CharField):
    """The fingerprint of what a form showed (see services.fingerprint), sent back with the change."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=16, required=False, **kwargs)


class CaseDetailsForm(forms.Form):
    seat = forms.CharField(label="窓口・席", max_length=40)
    event_date = JapaneseDateField(label="できごとの日", required=False)
    seen = SeenField()

    def __init__(self, *args: Any, date_label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if date_label:  # the case's events name their date: 出生日, 異動日, 死亡日
            self.fields["event_date"].label = date_label


class TypedPersonForm(forms.Form):
    """A person who is not in the register (for example a person moving in)."""

    role = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(label="氏名", max_length=100)
    kana = forms.CharField(label="フリガナ", max_length=100, required=False)
    birth_date = JapaneseDateField(label="生年月日", required=False)
    sex = forms.ChoiceField(label="性別", choices=[("", "—"), ("男", "男"), ("女", "女")], required=False)
    postal_code = forms.CharField(label="郵便番号", max_length=10, required=False)
    address = forms.CharField(label="住所", max_length=200, required=False)
    phone = forms.CharField(label="電話番号", max_length=30, required=False)
    relationship = forms.CharField(label="続柄", max_length=40, required=False)

    def clean_kana(self) -> str:
        # Kana is kept in katakana, as forms print it; hiragana and half-width are accepted.
        return to_katakana(self.cleaned_data["kana"])

    def clean_postal_code(self) -> str:
        code = self.cleaned_data["postal_code"]
        if not code:
            return ""
        try:
            digits = normalize_postal_code(code)
        except JapaneseInputError as err:
            raise forms.ValidationError(f"「{code}」: {err}") from None
        return f"{digits[:3]}-{digits[3:]}"

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])


class ApplicantDetailsForm(forms.Form):
    relationship = forms.CharField(label="続柄", max_length=40, required=False)
    phone = forms.CharField(label="電話番号", max_length=30, required=False)
    seen = SeenField()

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])


def clean_phone(typed: str) -> str:
    """Return the phone number as 0852-55-5555 (full width and any dash accepted), or raise in Japanese."""
    try:
        return normalize_phone(typed)
    except JapaneseInputError as err:
        raise forms.ValidationError(str(err)) from None


# The choices of 「手続の判定を変更する」, as the select offers them.
OVERRIDE_CHOICES = [("required", "必要にする"), ("not_needed", "不要にする"), ("auto", "自動判定に戻す")]


class OverrideForm(forms.Form):
    procedure = forms.CharField(max_length=80)
    status = forms.ChoiceField(choices=OVERRIDE_CHOICES)
    reason = forms.CharField(label="理由", max_length=200, required=False)
    seen = SeenField()


class SettleForm(forms.Form):
    """Staff settle the procedures left 要確認 in one step: the chosen ones, one decision, one reason."""

    status = forms.ChoiceField(choices=[("not_needed", "不要"), ("required", "必要")])
    reason = forms.CharField(
        label="理由", max_length=200, error_messages={"required": "まとめて判定する理由を入力してください"}
    )
    seen = SeenField()


class NoteForm(forms.Form):
    notes = forms.CharField(
        label="メモ", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )
    seen = SeenField()


class TaskActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    reason = forms.CharField(label="理由", max_length=200, required=False)
    follow_up_on = JapaneseDateField(label="後日対応日", required=False)


class ScreenCodeForm(forms.Form):
    code = forms.CharField(label="確認番号（6桁）", max_length=20)

    def clean_code(self) -> str:
        # Full-width digits, spaces and hyphens as residents type them: ０１２ ３４５, 012-345.
        digits = code_digits(self.cleaned_data["code"])
        if len(digits) != 6 or not (digits.isascii() and digits.isdigit()):
            raise forms.ValidationError("確認番号は6桁の数字です（全角でも入力できます）")
        return digits


def parse_answer(spec: FactSpec, data: QueryDict) -> Any:
    """Return the typed answer for a fact from the posted form, or raise ValidationError in Japanese."""
    raw = (data.get("value") or "").strip()
    if raw == UNKNOWN:
        return None
    if spec.type == "bool":
        if raw not in (YES, NO):
            raise forms.ValidationError(f"「{spec.label}」: 「はい」「いいえ」「不明」から選んでください")
        return raw == YES
    if spec.type == "list":
        chosen = data.getlist("value")
        outside = [v for v in chosen if spec.values and v not in spec.values]
        if outside:
            raise forms.ValidationError(f"「{spec.label}」: {outside[0]} は選べない値です")
        return chosen
    if not raw:
        raise forms.ValidationError(f"「{spec.label}」: 回答を入力するか「不明」を選んでください")
    return _typed(spec, raw)


def parse_checklist(checklist: Checklist, data: QueryDict) -> dict[str, bool | None]:
    """Return a checklist's answers: shown items ticked はい, the others いいえ (「不明」: all unknown)."""
    shown = [name for name in data.getlist("item") if name in checklist.facts]
    if not shown:
        raise forms.ValidationError("確認する項目がありません。画面を読み込み直してください")
    if (data.get("value") or "") == UNKNOWN:
        return dict.fromkeys(shown)
    ticked = set(data.getlist("value"))
    if ticked - set(shown):
        raise forms.ValidationError("選べない項目が選ばれています。画面を読み込み直してください")
    return {name: name in ticked for name in shown}


def _typed(spec: FactSpec, raw: str) -> Any:
    if spec.type in ("int", "number"):
        return _number(spec, raw)
    if spec.type == "date":
        try:
            return parse_date(raw)
        except JapaneseInputError as err:
            raise forms.ValidationError(f"「{spec.label}」: 「{raw}」{err}") from None
    if spec.values and raw not in spec.values:
        raise forms.ValidationError(f"「{spec.label}」: {'・'.join(spec.values)} から選んでください")
    return raw


def _number(spec: FactSpec, raw: str) -> int | float:
    text = jaconv.z2h(raw, digit=True, ascii=True).replace(",", "").replace("，", "")
    text = text.removesuffix(spec.unit).strip() if spec.unit else text
    unit = spec.unit or ""
    try:
        value: int | float = int(text) if spec.type == "int" else float(text)
    except ValueError:
        kind = "整数" if spec.type == "int" else "数"
        raise forms.ValidationError(
            f"「{spec.label}」: 「{raw}」は{kind}ではありません。数字で入力してください"
        ) from None
    if value < 0:
        raise forms.ValidationError(f"「{spec.label}」: 0{unit}以上で入力してください（いまは「{raw}」）")
    largest = LARGEST.get(unit)
    if largest is not None and value > largest:
        raise forms.ValidationError(
            f"「{spec.label}」: {largest}{unit}以下で入力してください（いまは「{raw}」）"
        )
    return value


def parse_form_values(question: FormQuestion, data: QueryDict) -> dict[str, Any]:
    """Return the posted values of a form question by data path; blanks stay blank, never guessed."""
    values: dict[str, Any] = {}
    errors: list[str] = []
    for item in question.inputs:
        raw = (data.get(item.path) or "").strip()
        if item.kind == "multi":
            values[item.path] = [v for v in data.getlist(item.path) if v in item.options]
        elif item.kind == "list":
            values[item.path] = [part.strip() for part in raw.replace(",", "、").split("、") if part.strip()]
        elif item.kind == "yesno":
            values[item.path] = {YES: True, NO: False}.get(raw)
        elif item.kind == "date" and raw:
            try:
                values[item.path] = parse_date(raw).isoformat()
            except JapaneseInputError as err:
                errors.append(f"「{item.label}」: 「{raw}」{err}")
        else:
            values[item.path] = raw
    if errors:
        raise forms.ValidationError(errors)
    return values


def typed_form_values(question: FormQuestion, stored: Mapping[str, Any]) -> dict[str, Any]:
    """Return stored form values as the question's inputs show them, for a correction."""
    typed: dict[str, Any] = {}
    for item in question.inputs:
        value = stored.get(item.path)
        if value is None or value == "":
            continue
        if item.kind == "yesno":
            typed[item.path] = YES if value else NO
        elif item.kind == "list":
            typed[item.path] = "、".join(str(v) for v in value)
        elif item.kind == "date":
            typed[item.path] = wareki_or_blank(dt.date.fromisoformat(str(value)))
        else:
            typed[item.path] = value
    return typed


def wareki_or_blank(value: dt.date | None) -> str:
    """Return 令和8年12月1日 or an empty string."""
    return format_wareki(value) if value else ""
