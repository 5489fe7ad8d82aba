"""Compiled expressions: parse once, evaluate many times with a trace."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar

from madoguchi.domain.rules.compare import Compare
from madoguchi.domain.rules.compiled import Decider, Evaluator, compile_decider, compile_node
from madoguchi.domain.rules.errors import UNKNOWN, RuleError
from madoguchi.domain.rules.functions import BUILTIN_RESULT_KINDS, BUILTINS
from madoguchi.domain.rules.nodes import (
    Arith,
    BoolOp,
    Call,
    Fact,
    ListNode,
    Literal,
    Negate,
    Node,
    Not,
    TypeEnv,
    _lookup,
    expect_bool,
)
from madoguchi.domain.rules.parser import parse
from madoguchi.domain.rules.trace import TraceNode, TypeSpec

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The value of an expression for some facts and the trace that explains it."""

    value: object
    trace: TraceNode

    def decisive(self) -> tuple[TraceNode, ...]:
        """Return the atomic conditions that decided the value."""
        return self.trace.decisive()


class Verdict(NamedTuple):
    """The value of an expression and the traces of only the atoms that decided it."""

    value: object
    decisive: tuple[TraceNode, ...]


@dataclass(frozen=True, slots=True, eq=False)
class Expression:
    """A parsed condition, safe to evaluate any number of times."""

    text: str
    root: Node
    fact_names: frozenset[str]
    # Closures compiled once from the tree: evaluation without walking it. The decider is
    # compiled on first use: callers that tag atoms (the navigator) compile their own.
    _value: Evaluator = field(init=False, repr=False)
    _decide: Decider[Node] | None = field(init=False, repr=False, default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_value", compile_node(self.root))

    def evaluate(self, facts: Mapping[str, object]) -> Evaluation:
        """Evaluate against nested facts; raise RuleError when values have the wrong type."""
        trace = self.root.traced(facts)
        return Evaluation(trace.value, trace)

    def value(self, facts: Mapping[str, object]) -> object:
        """Return only the value, without building a trace (fast path)."""
        return self._value(facts)

    def verdict(self, facts: Mapping[str, object]) -> Verdict:
        """Return the value and the decisive atoms' traces, as `evaluate(facts).decisive()` gives them.

        Only the atoms that decided are traced, so this costs little more than `value`.
        """
        value, atoms = self.decide(facts)
        return Verdict(value, tuple(atom.traced(facts) for atom in atoms))

    def decide(self, facts: Mapping[str, object]) -> tuple[object, tuple[Node, ...]]:
        """Return the value and the atomic nodes that decided it, tracing nothing."""
        decide = self._decide
        if decide is None:
            # Two threads may both compile: the closures are equivalent, either may stay.
            decide = compile_decider(self.root, _itself)
            object.__setattr__(self, "_decide", decide)
        return decide(facts)

    def decider(self, tag: Callable[[Node], T]) -> Decider[T]:
        """Return a closure like `decide` that names each decisive atom by `tag(atom)`.

        Tags are computed once here, so a caller can attach what it needs per atom (wording,
        say) and get it back directly, without looking nodes up on every call.
        """
        return compile_decider(self.root, tag)

    def evaluator(self) -> Evaluator:
        """Return the compiled closure behind `value`, for callers that call it very often."""
        return self._value

    def atoms(self) -> tuple[Node, ...]:
        """Return every node that `decide` can name: the leaves under and/or/not."""
        return tuple(_atoms(self.root))

    def constants(self) -> tuple[object, ...]:
        """Return the literal values written in the expression, in order."""
        return tuple(_constants(self.root))

    def check_types(
        self, fact_types: Mapping[str, TypeSpec], *, result: str | None = "bool"
    ) -> list[RuleError]:
        """Return the static type problems of this expression for declared fact types."""
        env = TypeEnv(fact_types, BUILTIN_RESULT_KINDS, [])
        if result == "bool":
            expect_bool(self.root, env)
        else:
            self.root.infer(env)
        return env.problems


def compile_expression(
    text: str, *, functions: Mapping[str, Callable[..., object]] | None = None
) -> Expression:
    """Parse condition text once into an Expression; raise RuleError if it is not valid."""
    table = {**BUILTINS, **(functions or {})}
    root = parse(text, table)
    return Expression(text, root, frozenset(_fact_names(root)))


def _fact_names(node: Node) -> list[str]:
    if isinstance(node, Fact):
        return [node.name]
    return [name for child in children(node) for name in _fact_names(child)]


def _itself(node: Node) -> Node:
    return node


def _atoms(node: Node) -> list[Node]:
    if isinstance(node, BoolOp):
        return [atom for operand in node.operands for atom in _atoms(operand)]
    if isinstance(node, Not):
        return _atoms(node.operand)
    return [node]


def _constants(node: Node) -> list[object]:
    if isinstance(node, Literal):
        return [node.constant]
    return [value for child in children(node) for value in _constants(child)]


def read_fact(facts: Mapping[str, object], name: str) -> object:
    """Return the value of a dotted fact name as conditions see it (UNKNOWN when missing)."""
    found = facts.get(name, UNKNOWN)
    if found is UNKNOWN and "." in name:
        found = _lookup(facts, tuple(name.split(".")))
    return UNKNOWN if found is None else found


def children(node: Node) -> tuple[Node, ...]:
    """Return the direct sub-expressions of a node, left to right."""
    if isinstance(node, BoolOp):
        return node.operands
    if isinstance(node, Not | Negate):
        return (node.operand,)
    if isinstance(node, Compare | Arith):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.args
    if isinstance(node, ListNode):
        return node.items
    return ()
