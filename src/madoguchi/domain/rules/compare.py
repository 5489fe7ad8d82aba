"""Comparison nodes: ==, !=, <, <=, >, >=, in and not in, with three-valued results."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from typing import Any

from madoguchi.domain.rules.errors import UNKNOWN
from madoguchi.domain.rules.nodes import Binary, ListNode, Literal, Node, TypeEnv
from madoguchi.domain.rules.trace import BOOL, TypeSpec, kind_name

_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _category(value: object) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, list | tuple):
        return "list"
    return "other"


class Compare(Binary):
    """One comparison `left op right`; chains like `a < b < c` are split into an `and`."""

    __slots__ = ()
    trace_kind = "compare"

    def combine(self, left: object, right: object) -> object:
        """Return the three-valued result of comparing two computed values."""
        if left is UNKNOWN or right is UNKNOWN:
            return UNKNOWN
        if self.op in ("==", "!="):
            # Booleans never equal numbers here, unlike Python's True == 1.
            same = _category(left) == _category(right) and left == right
            return same if self.op == "==" else not same
        if self.op in ("in", "not in"):
            return self._contains(left, right)
        kind = _category(left)
        if kind != _category(right) or kind not in ("number", "string", "date"):
            raise self.fail(f"{left!r} と {right!r} は大小を比べられません")
        return _ORDER[self.op](left, right)

    def _contains(self, left: object, right: object) -> object:
        if isinstance(right, list | tuple):
            if any(item is UNKNOWN for item in right) and left not in right:
                return UNKNOWN
            found = any(_category(left) == _category(item) and left == item for item in right)
        elif isinstance(right, str) and isinstance(left, str):
            found = left in right
        else:
            raise self.fail(f"「in」の右側はリストか文字列にしてください（{right!r}）")
        return found if self.op == "in" else not found

    def infer(self, env: TypeEnv) -> TypeSpec:
        left, right = self.left.infer(env), self.right.infer(env)
        if "any" in (left.kind, right.kind):
            return BOOL
        if self.op in ("in", "not in"):
            self._infer_contains(env, left, right)
        elif left.kind != right.kind:
            env.report(self, f"{kind_name(left.kind)}と{kind_name(right.kind)}を比べています")
        elif self.op in _ORDER and left.kind not in ("number", "string", "date"):
            env.report(self, f"{kind_name(left.kind)}は大小を比べられません")
        else:
            self._check_literals(env, left, right)
        return BOOL

    def _check_literals(self, env: TypeEnv, left: TypeSpec, right: TypeSpec) -> None:
        if isinstance(self.right, Literal | ListNode):
            _check_enum(self, env, left, right.item.values if right.item else right.values)
        if isinstance(self.left, Literal):
            _check_enum(self, env, right.item or right, left.values)

    def _infer_contains(self, env: TypeEnv, left: TypeSpec, right: TypeSpec) -> None:
        if right.kind == "string":
            if left.kind != "string":
                env.report(self, f"{kind_name(left.kind)}は文字列の中に含まれません")
            return
        if right.kind != "list":
            env.report(self, f"「in」の右側が{kind_name(right.kind)}です（リストか文字列にしてください）")
            return
        item = right.item
        if item is not None and item.kind not in ("any", left.kind):
            env.report(self, f"{kind_name(left.kind)}を{kind_name(item.kind)}のリストから探しています")
        else:
            self._check_literals(env, left, right)


def _check_enum(node: Node, env: TypeEnv, spec: TypeSpec, literals: tuple[str, ...]) -> None:
    # A literal outside the declared values can never match: almost always a typo.
    if not spec.values or spec.kind != "string":
        return
    for literal in literals:
        if literal not in spec.values:
            allowed = "・".join(spec.values)
            env.report(node, f"'{literal}' はこの事実の取りうる値（{allowed}）にありません")
