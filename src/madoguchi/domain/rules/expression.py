"""Expressions: parse a condition once, evaluate it any number of times with a trace."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from madoguchi.domain.rules.errors import RuleError
from madoguchi.domain.rules.functions import BUILTIN_RESULT_KINDS, BUILTINS
from madoguchi.domain.rules.nodes import (
    Arith,
    BoolOp,
    Call,
    Compare,
    Fact,
    ListNode,
    Literal,
    Negate,
    Node,
    Not,
    TypeEnv,
    expect_bool,
)
from madoguchi.domain.rules.parser import parse
from madoguchi.domain.rules.trace import TraceNode, TypeSpec


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The value of an expression for some facts and the trace that explains it."""

    value: object
    trace: TraceNode

    def decisive(self) -> tuple[TraceNode, ...]:
        """Return the atomic conditions that decided the value."""
        return self.trace.decisive()


@dataclass(frozen=True, slots=True, eq=False)
class Expression:
    """A parsed condition, safe to evaluate any number of times."""

    text: str
    root: Node
    fact_names: frozenset[str]

    def evaluate(self, facts: Mapping[str, object]) -> Evaluation:
        """Evaluate against the facts (flat dotted keys or nested); raise RuleError on wrong types."""
        trace = self.root.traced(facts)
        return Evaluation(trace.value, trace)

    def value(self, facts: Mapping[str, object]) -> object:
        """Return only the value of `evaluate`."""
        return self.root.traced(facts).value

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
    return [name for child in _children(node) for name in _fact_names(child)]


def _constants(node: Node) -> list[object]:
    if isinstance(node, Literal):
        return [node.constant]
    return [value for child in _children(node) for value in _constants(child)]


def _children(node: Node) -> tuple[Node, ...]:
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
