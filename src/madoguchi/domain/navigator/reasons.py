"""Word the decisive atoms of a condition's trace as plain Japanese reasons (the only place they are)."""

from __future__ import annotations

from collections.abc import Mapping

from madoguchi.domain.packs.model import FactSpec
from madoguchi.domain.rules import UNKNOWN, TraceNode

WORDS = {
    ">=": "以上",
    "<=": "以下",
    ">": "超",
    "<": "未満",
    "!=": "以外",
    "in": "のいずれか",
    "not in": "のいずれでもない",
}


def reasons_for(
    value: object, atoms: tuple[TraceNode, ...], facts: Mapping[str, FactSpec]
) -> tuple[str, ...]:
    """Return one reason per atom that decided the value (`Evaluation.decisive`), worded with labels."""
    if all(atom.kind == "literal" for atom in atoms):
        return ("すべての場合に対象となる手続です",) if value is True else ("対象外の手続です",)
    return tuple(dict.fromkeys(phrase(atom, facts) for atom in atoms))


def label_of(name: str | None, facts: Mapping[str, FactSpec]) -> tuple[str, str]:
    """Return the label and unit of a fact, or its name when it is not declared."""
    spec = facts.get(name or "")
    return (spec.label, spec.unit) if spec else (name or "", "")


def show_value(value: object, unit: str = "") -> str:
    """Return a fact value as residents read it (はい/いいえ/未確認, lists joined with ・)."""
    if value is True:
        return "はい"
    if value is False:
        return "いいえ"
    if value is UNKNOWN:
        return "未確認"
    if isinstance(value, list | tuple):
        return "・".join(show_value(item) for item in value) or "なし"
    return f"{value}{unit}"


def phrase(atom: TraceNode, facts: Mapping[str, FactSpec]) -> str:
    """Return the reason for one decisive atom of a trace."""
    if atom.kind == "fact":
        label, unit = label_of(atom.fact, facts)
        return f"{label}：{show_value(atom.value, unit)}"
    if atom.kind == "compare":
        left, right = atom.children
        if left.kind == "fact" and right.kind in ("literal", "list"):
            return _compare_phrase(atom, left, right, facts)
        if left.kind == "call" and left.operator == "len" and left.children[0].kind == "fact":
            label, _ = label_of(left.children[0].fact, facts)
            return f"{label}：{show_value(left.children[0].value)}"
    return f"{_labelled_source(atom, facts)}：{show_value(atom.value)}"


def _compare_phrase(atom: TraceNode, left: TraceNode, right: TraceNode, facts: Mapping[str, FactSpec]) -> str:
    label, unit = label_of(left.fact, facts)
    shown = show_value(left.value, unit)
    expected = show_value(right.value, unit)
    if atom.operator == "==":
        return f"{label}：{shown}" if atom.value is True else f"{label}：{shown}（{expected}ではない）"
    return f"{label}：{shown}（{expected}{WORDS.get(atom.operator or '', '')}）"


def _labelled_source(atom: TraceNode, facts: Mapping[str, FactSpec]) -> str:
    text = atom.source
    for name in sorted(atom.facts_read(), key=len, reverse=True):
        text = text.replace(name, label_of(name, facts)[0])
    return text
