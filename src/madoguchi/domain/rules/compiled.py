"""Compile a node tree once into Python closures: the fast way to evaluate a condition many times.

Each closure computes exactly what `Node.value` computes, in the same order, and falls back to the
node's own methods for anything unusual, so errors and their Japanese messages stay identical.
What it saves is the tree walk: attribute lookups, method dispatch and argument re-packing.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, TypeVar

from madoguchi.domain.rules.compare import Compare
from madoguchi.domain.rules.errors import UNKNOWN
from madoguchi.domain.rules.nodes import (
    Arith,
    BoolOp,
    Call,
    Fact,
    Facts,
    ListNode,
    Literal,
    Negate,
    Node,
    Not,
    _lookup,
    truth,
)

T = TypeVar("T")
Evaluator = Callable[[Facts], object]
# The value of a node and the atomic nodes that decided it (see TraceNode.decisive), each given
# as the tag the caller attached to it when compiling (the node itself by default).
Decider = Callable[[Facts], tuple[object, tuple[T, ...]]]

_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def compile_node(node: Node) -> Evaluator:
    """Return a closure that computes `node.value(facts)` without walking the tree."""
    builder = _BUILDERS.get(type(node))
    return builder(node) if builder is not None else node.value


def compile_decider(node: Node, tag: Callable[[Node], T]) -> Decider[T]:
    """Return a closure giving the node's value and the tags of its decisive atoms, as a trace would."""
    if isinstance(node, BoolOp):
        return _bool_decider(node, tag)
    if isinstance(node, Not):
        return _not_decider(node, tag)
    evaluate, atoms = compile_node(node), (tag(node),)
    return lambda facts: (evaluate(facts), atoms)


def _literal(node: Node) -> Evaluator:
    assert isinstance(node, Literal)
    constant = node.constant
    return lambda facts: constant


def _fact(node: Node) -> Evaluator:
    assert isinstance(node, Fact)
    name, parts = node.name, node.parts
    if len(parts) == 1:
        return lambda facts: _known(facts.get(name))

    def read(facts: Facts) -> object:
        # A flat dotted key wins: callers overlay answers as {"a.b": value}.
        found = facts.get(name, UNKNOWN)
        if found is UNKNOWN:
            found = _lookup(facts, parts)
        return UNKNOWN if found is None else found

    return read


def _known(value: object) -> object:
    return UNKNOWN if value is None else value


def _compare(node: Node) -> Evaluator:
    assert isinstance(node, Compare)
    left, right, generic = compile_node(node.left), compile_node(node.right), node.combine
    if isinstance(node.right, Literal):
        special = _compare_literal(node, left, node.right.constant)
        if special is not None:
            return special
    if isinstance(node.right, ListNode) and node.op in ("in", "not in"):
        special = _contains_strings(node, left, node.right)
        if special is not None:
            return special
    return lambda facts: generic(left(facts), right(facts))


def _flat_key(node: Node) -> object:
    # The key under which a fact operand may be read directly: a known value found there is what
    # the full read returns too; otherwise (None, UNKNOWN, missing) the full read decides.
    return node.name if isinstance(node, Fact) else _NO_KEY


_NO_KEY = object()  # never a key of any facts: the direct read always misses


def _compare_literal(node: Compare, left: Evaluator, constant: object) -> Evaluator | None:
    generic, key = node.combine, _flat_key(node.left)
    if node.op in ("==", "!=") and isinstance(constant, str):
        equal = node.op == "=="

        def string_equal(facts: Facts) -> object:
            value = facts.get(key)  # type: ignore[call-overload]
            if value is None or value is UNKNOWN:
                value = left(facts)
                if value is UNKNOWN:
                    return UNKNOWN
            return (isinstance(value, str) and value == constant) is equal

        return string_equal
    if node.op in _ORDER and type(constant) in (int, float):
        order = _ORDER[node.op]

        def number_order(facts: Facts) -> object:
            value = facts.get(key)  # type: ignore[call-overload]
            if value is None or value is UNKNOWN:
                value = left(facts)
            # Exact types only: bools, subclasses and errors take the generic path.
            if type(value) is int or type(value) is float:
                return order(value, constant)
            return generic(value, constant)

        return number_order
    return None


def _contains_strings(node: Compare, left: Evaluator, items: ListNode) -> Evaluator | None:
    constants = [item.constant for item in items.items if isinstance(item, Literal)]
    if len(constants) != len(items.items) or not all(isinstance(c, str) for c in constants):
        return None
    members, inside, generic = frozenset(constants), node.op == "in", node.combine
    key = _flat_key(node.left)

    def contains(facts: Facts) -> object:
        value = facts.get(key)  # type: ignore[call-overload]
        if value is None or value is UNKNOWN:
            value = left(facts)
        if isinstance(value, str):
            return (value in members) is inside
        return generic(value, list(constants))

    return contains


def _bool_op(node: Node) -> Evaluator:
    assert isinstance(node, BoolOp)
    operands = tuple((operand, compile_node(operand)) for operand in node.operands)
    # Kleene logic: a decisive operand ends the evaluation, unknown only if none decides.
    decisive, other = not node.is_and, node.is_and

    def evaluate(facts: Facts) -> object:
        result: object = other
        for operand, value_of in operands:
            current = value_of(facts)
            if current is decisive:
                return decisive
            if current is UNKNOWN:
                result = UNKNOWN
            elif current is not other:
                truth(operand, current)
        return result

    return evaluate


def _not(node: Node) -> Evaluator:
    assert isinstance(node, Not)
    operand, value_of = node.operand, compile_node(node.operand)

    def evaluate(facts: Facts) -> object:
        current = truth(operand, value_of(facts))
        return UNKNOWN if current is UNKNOWN else current is False

    return evaluate


def _negate(node: Node) -> Evaluator:
    assert isinstance(node, Negate)
    value_of, negate = compile_node(node.operand), node.negate
    return lambda facts: negate(value_of(facts))


def _arith(node: Node) -> Evaluator:
    assert isinstance(node, Arith)
    left, right, apply = compile_node(node.left), compile_node(node.right), node.combine
    return lambda facts: apply(left(facts), right(facts))


def _call(node: Node) -> Evaluator:
    assert isinstance(node, Call)
    args, call = tuple(compile_node(arg) for arg in node.args), node.call
    if len(args) == 1:
        only = args[0]
        return lambda facts: call([only(facts)])
    return lambda facts: call([arg(facts) for arg in args])


def _list(node: Node) -> Evaluator:
    assert isinstance(node, ListNode)
    items = tuple(compile_node(item) for item in node.items)
    return lambda facts: [item(facts) for item in items]


_BUILDERS: dict[type[Node], Callable[[Node], Evaluator]] = {
    Literal: _literal,
    Fact: _fact,
    Compare: _compare,
    BoolOp: _bool_op,
    Not: _not,
    Negate: _negate,
    Arith: _arith,
    Call: _call,
    ListNode: _list,
}


def _bool_decider(node: BoolOp, tag: Callable[[Node], T]) -> Decider[T]:
    operands = tuple((operand, compile_decider(operand, tag)) for operand in node.operands)
    if len(operands) == 2:
        return _pair_decider(node, operands[0], operands[1])
    winner, other = not node.is_and, node.is_and

    def decide(facts: Facts) -> tuple[object, tuple[T, ...]]:
        seen: list[tuple[object, tuple[T, ...]]] = []
        result: object = other
        for operand, decide_operand in operands:
            current, atoms = decide_operand(facts)
            if current is winner:
                return winner, atoms
            if current is UNKNOWN:
                result = UNKNOWN
            elif current is not other:
                truth(operand, current)
            seen.append((current, atoms))
        if result is UNKNOWN:
            return UNKNOWN, tuple(atom for value, atoms in seen if value is UNKNOWN for atom in atoms)
        return result, tuple(atom for _, atoms in seen for atom in atoms)

    return decide


def _pair_decider(
    node: BoolOp, first: tuple[Node, Decider[T]], second: tuple[Node, Decider[T]]
) -> Decider[T]:
    # `a and b` / `a or b` make up most compound conditions: the same logic without the loop.
    (left, decide_left), (right, decide_right) = first, second
    winner, other = not node.is_and, node.is_and

    def decide(facts: Facts) -> tuple[object, tuple[T, ...]]:
        value, atoms = decide_left(facts)
        if value is winner:
            return winner, atoms
        if value is not other and value is not UNKNOWN:
            truth(left, value)
        value_right, atoms_right = decide_right(facts)
        if value_right is winner:
            return winner, atoms_right
        if value_right is not other and value_right is not UNKNOWN:
            truth(right, value_right)
        if value is UNKNOWN:
            return UNKNOWN, (atoms + atoms_right if value_right is UNKNOWN else atoms)
        if value_right is UNKNOWN:
            return UNKNOWN, atoms_right
        return other, atoms + atoms_right

    return decide


def _not_decider(node: Not, tag: Callable[[Node], T]) -> Decider[T]:
    operand, decide_operand = node.operand, compile_decider(node.operand, tag)

    def decide(facts: Facts) -> tuple[object, tuple[T, ...]]:
        current, atoms = decide_operand(facts)
        truth(operand, current)
        return (UNKNOWN if current is UNKNOWN else current is False), atoms

    return decide
