"""Template filters of the counter pages: labels of facts, values in Japanese, 和暦 dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import template

from madoguchi.counter.models import CasePerson
from madoguchi.domain.japanese import format_wareki
from madoguchi.registry.display import age_text, birth_age_text

register = template.Library()


@register.filter
def get_item(mapping: Mapping[str, Any] | None, key: str) -> Any:
    """Return mapping[key], or an empty string."""
    return (mapping or {}).get(key, "")


@register.filter
def spec_label(specs: Mapping[str, Any], name: str) -> str:
    """Return the Japanese label of a fact, or its name when the pack does not declare it."""
    spec = specs.get(name)
    return spec.label if spec is not None else name


@register.filter
def fact_value(value: Any) -> str:
    """Return a fact value as staff read it: はい/いいえ/不明, 和暦 dates, lists joined."""
    if value is None:
        return "不明"
    if value is True:
        return "はい"
    if value is False:
        return "いいえ"
    if isinstance(value, dt.date):
        return format_wareki(value)
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value) or "なし"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return format_wareki(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


@register.filter
def wareki(value: dt.date | None) -> str:
    """Return 令和8年12月1日 for a date."""
    return format_wareki(value) if value else ""


@register.filter
def person_age(person: CasePerson) -> str:
    """Return the age of a person of the case: as the register shows it, or from the typed birth date."""
    if person.resident is not None:
        return age_text(person.resident)
    return birth_age_text(person.birth_date) if person.birth_date else ""


@register.filter
def minutes_since(value: dt.datetime | None, now: dt.datetime) -> str:
    """Return 「12分」 or 「1時間5分」 since a moment."""
    if value is None:
        return "—"
    minutes = max(0, int((now - value).total_seconds() // 60))
    return f"{minutes // 60}時間{minutes % 60}分" if minutes >= 60 else f"{minutes}分"


@register.filter
def field_label(form: Any, name: str) -> str:
    """Return the label of a form's field, for messages shown beside the form."""
    field = form.fields.get(name)
    return str(field.label) if field is not None and field.label else ""
