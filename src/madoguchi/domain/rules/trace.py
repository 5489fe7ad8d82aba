"""Evaluation traces and the static types used to check expressions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from madoguchi.domain.rules.errors import UNKNOWN


class TraceNode(NamedTuple):
    """One evaluated sub-expression: its source text, value and the nodes it was computed from."""

    # A NamedTuple, not a frozen dataclass: traces are built on every navigation and tuples are
    # several times cheaper to create.
    kind: str  # "and" | "or" | "not" | "compare" | "fact" | "literal" | "call" | "arith" | "list" | "neg"
    source: str
    value: object
    children: tuple[TraceNode, ...] = ()
    fact: str | None = None
    operator: str | None = None

    def decisive(self) -> tuple[TraceNode, ...]:
        """Return the atomic nodes (comparisons, facts, calls) that decided this node's value."""
        if self.kind == "not":
            return self.children[0].decisive()
        if self.kind in ("and", "or"):
            return _decisive_bool(self)
        return (self,)

    def facts_read(self, *, unknown_only: bool = False) -> tuple[str, ...]:
        """Return the fact names read anywhere under this node, in order, without repeats.

        With `unknown_only`, only the facts that were read as UNKNOWN.
        """
        names: dict[str, None] = {}
        self._collect(names, unknown_only)
        return tuple(names)

    def _collect(self, names: dict[str, None], unknown_only: bool) -> None:
        if self.fact is not None and (not unknown_only or self.value is UNKNOWN):
            names[self.fact] = None
        for child in self.children:
            child._collect(names, unknown_only)


def _decisive_bool(node: TraceNode) -> tuple[TraceNode, ...]:
    # The value that wins: false for `and`, true for `or`.
    winner = node.kind == "or"
    if node.value is UNKNOWN:
        picked = [child for child in node.children if child.value is UNKNOWN]
    elif node.value is winner:
        picked = [next(child for child in node.children if child.value is winner)]
    else:
        picked = list(node.children)
    return tuple(atom for child in picked for atom in child.decisive())


@dataclass(frozen=True, slots=True)
class TypeSpec:
    """The static type of a fact or sub-expression; `values` lists allowed strings of an enum."""

    kind: str  # "bool" | "number" | "string" | "date" | "list" | "period" | "any"
    values: tuple[str, ...] = ()
    item: TypeSpec | None = None


ANY = TypeSpec("any")
BOOL = TypeSpec("bool")
NUMBER = TypeSpec("number")
STRING = TypeSpec("string")
DATE = TypeSpec("date")
PERIOD = TypeSpec("period")

KIND_NAMES = {
    "bool": "真偽値",
    "number": "数値",
    "string": "文字列",
    "date": "日付",
    "list": "リスト",
    "period": "期間",
    "any": "任意の値",
}


def kind_name(kind: str) -> str:
    """Return the Japanese name of a static type kind."""
    return KIND_NAMES.get(kind, kind)
