"""Forms of the registry pages."""

from __future__ import annotations

from django import forms

from madoguchi.registry.services import ENCODINGS


class SearchForm(forms.Form):
    q = forms.CharField(label="検索", required=False, max_length=100, strip=True)


class ImportForm(forms.Form):
    file = forms.FileField(label="住民データのCSVファイル")
    encoding = forms.ChoiceField(
        label="文字コード",
        choices=[(key, "自動判定" if key == "auto" else key) for key in ENCODINGS if key != "utf8"],
        initial="auto",
    )
