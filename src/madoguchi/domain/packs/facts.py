"""The one shape facts travel in: `Facts`, flat dotted names → typed values, checked against a pack.

The register adapter, the interview's answers, pack scenarios and JSON files on the command line all
become a `Facts` through `Facts.checked`; the navigator, the documents and the case snapshot read it.
A fact that is not known is absent (never None inside a Facts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any

from madoguchi.domain.packs.model import FactSpec

_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "bool": (bool,),
    "int": (int,),
    "number": (int, float),
    "string": (str,),
    "list": (list, tuple),
}


class FactsError(ValueError):
    """Facts a pack does not declare or of the wrong type; `messages` are Japanese, one per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(" / ".join(messages))
        self.messages = messages


class Facts(Mapping[str, object]):
    """The known facts of a visit: immutable, flat, keyed by the pack's dotted fact names."""

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, object] | None = None) -> None:
        # Only `checked` and `updated` build non-empty Facts: the values are already typed.
        self._values = MappingProxyType(dict(values or {}))

    @classmethod
    def checked(cls, specs: Mapping[str, FactSpec], values: Mapping[str, Any]) -> Facts:
        """Return typed facts from flat dotted names or nested mappings (JSON); raise FactsError."""
        messages: list[str] = []
        typed: dict[str, object] = {}
        for name, value in _items(specs, values, ""):
            spec = specs.get(name)
            if spec is None:
                messages.append(f"事実「{name}」は手続パックで宣言されていません")
                continue
            converted = _value(spec, value, messages)
            if converted is not None:
                typed[name] = converted
        if messages:
            raise FactsError(messages)
        return cls(typed)

    def updated(self, specs: Mapping[str, FactSpec], more: Mapping[str, Any]) -> Facts:
        """Return these facts with more laid over them (an answer wins over the register)."""
        return Facts({**self._values, **Facts.checked(specs, more)._values})

    def __getitem__(self, name: str) -> object:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Facts({len(self._values)} facts)"

    def to_json(self) -> dict[str, object]:
        """Return the facts as JSON values (dates as YYYY-MM-DD), for snapshots and files."""
        return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in self._values.items()}


def _items(
    specs: Mapping[str, FactSpec], values: Mapping[str, Any], prefix: str
) -> Iterator[tuple[str, Any]]:
    """Yield (dotted name, value), descending into mappings that are not themselves declared facts."""
    for key, value in values.items():
        name = f"{prefix}{key}"
        if name not in specs and isinstance(value, Mapping):
            yield from _items(specs, value, f"{name}.")
        else:
            yield name, value


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
