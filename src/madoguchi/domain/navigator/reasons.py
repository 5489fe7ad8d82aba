"""Turn the decisive atoms of a condition's trace into plain Japanese reasons."""

from __future__ import annotations

from collections.abc import Mapping

from madoguchi.domain.packs.model import FactSpec
from madoguchi.domain.rules import UNKNOWN, Evaluation, TraceNode

_WORDS = {
    ">=": "以上",
    "<=": "以下",
    ">": "超",
    "<": "未満",
    "!=": "以外",
    "in": "のいずれか",
    "not in": "のいずれでもない",
}


def reasons_for(evaluation: Evaluation, facts: Mapping[str, FactSpec]) -> tuple[str, ...]:
    """Return one reason per atom that decided the evaluation, worded with the facts' labels."""
    atoms = evaluation.decisive()
    if all(atom.kind == "literal" for atom in atoms):
        return ("すべての場合に対象となる手続です",) if evaluation.value is True else ("対象外の手続です",)
    return tuple(dict.fromkeys(_phrase(atom, facts) for atom in atoms))


def _label(name: str | None, facts: Mapping[str, FactSpec]) -> tuple[str, str]:
    spec = facts.get(name or "")
    return (spec.label, spec.unit) if spec else (name or "", "")


def _show(value: object, unit: str = "") -> str:
    if value is True:
        return "はい"
    if value is False:
        return "いいえ"
    if value is UNKNOWN:
        return "未確認"
    if isinstance(value, list | tuple):
        return "・".join(_show(item) for item in value) or "なし"
    return f"{value}{unit}"


def _phrase(atom: TraceNode, facts: Mapping[str, FactSpec]) -> str:
    if atom.kind == "fact":
        label, unit = _label(atom.fact, facts)
        return f"{label}：{_show(atom.value, unit)}"
    if atom.kind == "compare":
        left, right = atom.children
        if left.kind == "fact" and right.kind in ("literal", "list"):
            return _compare_phrase(atom, left, right, facts)
        if left.kind == "call" and left.operator == "len" and left.children[0].kind == "fact":
            label, _ = _label(left.children[0].fact, facts)
            return f"{label}：{_show(left.children[0].value)}"
    return f"{_labelled_source(atom, facts)}：{_show(atom.value)}"


def _compare_phrase(atom: TraceNode, left: TraceNode, right: TraceNode, facts: Mapping[str, FactSpec]) -> str:
    label, unit = _label(left.fact, facts)
    shown = _show(left.value, unit)
    expected = _show(right.value, unit)
    if atom.operator == "==":
        return f"{label}：{shown}" if atom.value is True else f"{label}：{shown}（{expected}ではない）"
    return f"{label}：{shown}（{expected}{_WORDS.get(atom.operator or '', '')}）"


def _labelled_source(atom: TraceNode, facts: Mapping[str, FactSpec]) -> str:
    text = atom.source
    for name in sorted(atom.facts_read(), key=len, reverse=True):
        text = text.replace(name, _label(name, facts)[0])
    return text
