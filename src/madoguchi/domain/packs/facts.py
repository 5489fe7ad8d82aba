"""Check and convert nested facts against a pack's declared facts (dates from text, types)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from madoguchi.domain.packs.model import FactSpec

_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "bool": (bool,),
    "int": (int,),
    "number": (int, float),
    "string": (str,),
    "list": (list, tuple),
}


def coerce_facts(specs: Mapping[str, FactSpec], facts: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Return the facts with dates parsed, and Japanese messages for undeclared or ill-typed facts."""
    messages: list[str] = []
    result = _coerce(specs, facts, "", messages)
    return result, messages


def _coerce(specs: Mapping[str, FactSpec], facts: Mapping[str, Any], prefix: str, messages: list[str]) -> Any:
    result: dict[str, Any] = {}
    for key, value in facts.items():
        name = f"{prefix}{key}"
        spec = specs.get(name)
        if spec is None and isinstance(value, Mapping):
            result[key] = _coerce(specs, value, f"{name}.", messages)
        elif spec is None:
            messages.append(f"事実「{name}」は手続パックで宣言されていません")
        else:
            result[key] = _value(spec, value, messages)
    return result


def _value(spec: FactSpec, value: Any, messages: list[str]) -> Any:
    if value is None:
        return None
    if spec.type == "date":
        return _date(spec, value, messages)
    allowed = _PYTHON_TYPES[spec.type]
    if not isinstance(value, allowed) or (spec.type != "bool" and isinstance(value, bool)):
        messages.append(f"事実「{spec.name}」（{spec.label}）は {spec.type} 型です（いまは {value!r}）")
        return None
    return _check_values(spec, value, messages)


def _check_values(spec: FactSpec, value: Any, messages: list[str]) -> Any:
    values: list[Any] = list(value) if spec.type == "list" else [value] if spec.type == "string" else []
    outside = [v for v in values if spec.values and v not in spec.values]
    if outside:
        messages.append(
            f"事実「{spec.name}」に取りうる値（{'・'.join(spec.values)}）以外の {outside[0]!r} があります"
        )
    return values if spec.type == "list" else value


def _date(spec: FactSpec, value: Any, messages: list[str]) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        messages.append(
            f"事実「{spec.name}」（{spec.label}）: {value} は YYYY-MM-DD の正しい日付ではありません"
        )
        return None
