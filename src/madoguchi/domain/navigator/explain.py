"""Reasons and unknown facts of decisive atoms, compiled once per procedure instead of traced.

For the common atom shapes (a fact, a fact compared with literals, len(fact) compared) the
wording is worked out at compile time and only the fact's value is read per navigation. Every
other shape falls back to tracing the atom and wording the trace, so the text is always exactly
what `reasons.phrase` gives for the full trace.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import TypeVar

from madoguchi.domain.navigator.reasons import WORDS, label_of, phrase, show_value
from madoguchi.domain.navigator.results import STATUS_BY_VALUE
from madoguchi.domain.packs.model import FactSpec
from madoguchi.domain.rules import UNKNOWN, Expression, TraceNode
from madoguchi.domain.rules.compare import Compare
from madoguchi.domain.rules.compiled import Decider, compile_node
from madoguchi.domain.rules.expression import children
from madoguchi.domain.rules.nodes import BoolOp, Call, Fact, Facts, ListNode, Literal, Node

V = TypeVar("V")
Phrase = Callable[[Facts], str]
Unknowns = Callable[[Facts], tuple[str, ...]]
# A procedure's status, reasons, unknown facts and the facts whose answer would decide it.
Outcome = tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Explainer:
    """How to word one atom as a reason, and how to find the facts still unknown under it."""

    phrase: Phrase
    unknown: Unknowns
    literal: bool


def compile_explainers(condition: Expression, specs: Mapping[str, FactSpec]) -> Decider[Explainer]:
    """Return the condition's decider naming each decisive atom by its explainer."""
    explainers = {atom: _explainer(atom, specs) for atom in condition.atoms()}
    return condition.decider(explainers.__getitem__)


def compile_outcome(
    condition: Expression, specs: Mapping[str, FactSpec], asked: Collection[str]
) -> Callable[[Facts], Outcome | None] | None:
    """Return the outcomes of a condition that is one literal or one fact, worked out in advance.

    Such conditions (about half of a death event's) have only three possible outcomes, so a
    navigation just picks one. `asked` are the facts with answers worth trying (the probes):
    any answer to the fact decides such a condition. For any other condition there is no such
    closure (None), and the closure returns None for a fact holding a non-boolean value: the
    caller then takes the general path.
    """
    return compile_outcome_as(condition, specs, asked, _same)


def _same(outcome: Outcome) -> Outcome:
    return outcome


def compile_outcome_as(
    condition: Expression,
    specs: Mapping[str, FactSpec],
    asked: Collection[str],
    finish: Callable[[Outcome], V],
) -> Callable[[Facts], V | None] | None:
    """Return `compile_outcome`'s closure giving `finish(outcome)`, each one finished in advance."""
    root = condition.root
    if isinstance(root, Literal):
        fixed = finish(_outcome(root.constant, _literal_reason(root.constant), (), ()))
        return lambda facts: fixed
    if not isinstance(root, Fact):
        return None
    texts, name, read = _fact_texts(root, specs), root.name, compile_node(root)
    yes = finish(_outcome(True, texts[0:1], (), ()))
    no = finish(_outcome(False, texts[1:2], (), ()))
    unknown = finish(_outcome(UNKNOWN, texts[2:3], (name,), (name,) if name in asked else ()))

    def outcome(facts: Facts) -> V | None:
        value = facts.get(name, UNKNOWN)
        if value is None:
            value = UNKNOWN  # what the full read makes of None under the fact's own name
        elif value is UNKNOWN:
            value = read(facts)  # the full read: nested facts, None as unknown
        if value is True:
            return yes
        if value is False:
            return no
        return unknown if value is UNKNOWN else None

    return outcome


def _outcome(
    value: object, why: tuple[str, ...], unknown: tuple[str, ...], deciding: tuple[str, ...]
) -> Outcome:
    status = STATUS_BY_VALUE.get(value, "to_confirm")
    if status != "to_confirm":
        return status, why, (), ()
    return status, why, unknown, deciding


def reasons(value: object, decisive: tuple[Explainer, ...], facts: Facts) -> tuple[str, ...]:
    """Return one reason per decisive atom, as `reasons.reasons_from` words their traces."""
    if len(decisive) == 1:
        # Most conditions are decided by one atom: skip the general path's bookkeeping.
        only = decisive[0]
        return _literal_reason(value) if only.literal else (only.phrase(facts),)
    for explainer in decisive:
        if not explainer.literal:
            break
    else:
        return _literal_reason(value)  # literals alone decided: no fact to name
    # A few atoms at most: a list finds repeats faster than a dict is built.
    texts: list[str] = []
    for explainer in decisive:
        text = explainer.phrase(facts)
        if text not in texts:
            texts.append(text)
    return tuple(texts)


def _literal_reason(value: object) -> tuple[str, ...]:
    return ("すべての場合に対象となる手続です",) if value is True else ("対象外の手続です",)


def unknown_facts(decisive: tuple[Explainer, ...], facts: Facts) -> tuple[str, ...]:
    """Return the facts still unknown under the decisive atoms, in order, without repeats."""
    if len(decisive) == 1:
        return decisive[0].unknown(facts)
    names: list[str] = []
    for explainer in decisive:
        for name in explainer.unknown(facts):
            if name not in names:
                names.append(name)
    return tuple(names)


def _explainer(atom: Node, specs: Mapping[str, FactSpec]) -> Explainer:
    return Explainer(_phrase(atom, specs), _unknown(atom), isinstance(atom, Literal))


def _phrase(atom: Node, specs: Mapping[str, FactSpec]) -> Phrase:
    if isinstance(atom, Fact):
        return _fact_phrase(atom, specs, unit=True, suffix="")
    if isinstance(atom, Compare) and isinstance(atom.left, Fact) and _constant_right(atom.right):
        return _compare_phrase(atom, atom.left, specs)
    if isinstance(atom, Compare) and _is_len_of_fact(atom.left):
        assert isinstance(atom.left, Call) and isinstance(atom.left.args[0], Fact)
        return _fact_phrase(atom.left.args[0], specs, unit=False, suffix="")
    return lambda facts: phrase(atom.traced(facts), specs)


def _fact_texts(
    fact: Fact, specs: Mapping[str, FactSpec], *, unit: bool = True, suffix: str = ""
) -> tuple[str, ...]:
    # The reasons for a fact that is true, false or unknown: by far the most common values.
    label, fact_unit = label_of(fact.name, specs)
    shown_unit = fact_unit if unit else ""
    return tuple(f"{label}：{show_value(v, shown_unit)}{suffix}" for v in (True, False, UNKNOWN))


def _fact_phrase(fact: Fact, specs: Mapping[str, FactSpec], *, unit: bool, suffix: str) -> Phrase:
    label, fact_unit = label_of(fact.name, specs)
    shown_unit = fact_unit if unit else ""
    name, read = fact.name, compile_node(fact)
    yes, no, unknown = _fact_texts(fact, specs, unit=unit, suffix=suffix)

    def phrase_of(facts: Facts) -> str:
        value = facts.get(name, UNKNOWN)
        if value is None:
            return unknown  # what the full read makes of None under the fact's own name
        if value is UNKNOWN:
            value = read(facts)  # the full read: nested facts, None as unknown
        if value is True:
            return yes
        if value is False:
            return no
        if value is UNKNOWN:
            return unknown
        return f"{label}：{show_value(value, shown_unit)}{suffix}"

    return phrase_of


def _compare_phrase(atom: Compare, left: Fact, specs: Mapping[str, FactSpec]) -> Phrase:
    unit = label_of(left.name, specs)[1]
    expected = show_value(atom.right.value({}), unit)
    if atom.op != "==":
        return _fact_phrase(left, specs, unit=True, suffix=f"（{expected}{WORDS.get(atom.op, '')}）")
    matched = _fact_phrase(left, specs, unit=True, suffix="")
    unmatched = _fact_phrase(left, specs, unit=True, suffix=f"（{expected}ではない）")
    value_of = compile_node(atom)
    return lambda facts: matched(facts) if value_of(facts) is True else unmatched(facts)


def _constant_right(node: Node) -> bool:
    # A list of literals is as constant as a literal; a list holding facts is traced instead.
    return isinstance(node, Literal) or (
        isinstance(node, ListNode) and all(isinstance(item, Literal) for item in node.items)
    )


def _is_len_of_fact(node: Node) -> bool:
    return (
        isinstance(node, Call)
        and node.name == "len"
        and len(node.args) == 1
        and isinstance(node.args[0], Fact)
    )


def _unknown(atom: Node) -> Unknowns:
    if any(isinstance(node, BoolOp) for node in _nodes(atom)):
        # `and`/`or` inside an atom may skip operands: only the trace knows what was read.
        return lambda facts: _traced_unknown(atom.traced(facts))
    reads = [(name, compile_node(node)) for name, node in _fact_nodes(atom).items()]
    if len(reads) != 1:
        return lambda facts: tuple(name for name, read in reads if read(facts) is UNKNOWN)
    name, read = reads[0]
    only = (name,)

    def unknown(facts: Facts) -> tuple[str, ...]:
        value = facts.get(name, UNKNOWN)
        if value is None:
            return only  # the full read makes None under the fact's own name unknown
        if value is not UNKNOWN:
            return ()  # a known value found directly: the full read would return it too
        return only if read(facts) is UNKNOWN else ()

    return unknown


def _fact_nodes(atom: Node) -> dict[str, Node]:
    # Every fact operand once, in reading order (the order a trace lists them).
    found: dict[str, Node] = {}
    for node in _nodes(atom):
        if isinstance(node, Fact):
            found.setdefault(node.name, node)
    return found


def _nodes(node: Node) -> Iterator[Node]:
    yield node
    for child in children(node):
        yield from _nodes(child)


def _traced_unknown(trace: TraceNode) -> tuple[str, ...]:
    names: dict[str, None] = {}
    _collect(trace, names)
    return tuple(names)


def _collect(node: TraceNode, names: dict[str, None]) -> None:
    if node.fact is not None and node.value is UNKNOWN:
        names[node.fact] = None
    for child in node.children:
        _collect(child, names)
