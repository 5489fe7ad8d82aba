"""The whitelisted expression tree and its one evaluator: each node traces and type-checks itself.

`Node.traced` is the only way a condition is evaluated: the value comes with the trace that
explains it (see `Expression.evaluate`).
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from madoguchi.domain.rules.errors import UNKNOWN, RuleError
from madoguchi.domain.rules.functions import Period, is_unknown_aware
from madoguchi.domain.rules.trace import BOOL, TraceNode, TypeSpec, kind_name

Facts = Mapping[str, object]


@dataclass(frozen=True, slots=True)
class TypeEnv:
    """Static types of facts and result kinds of functions, for `check_types`."""

    facts: Mapping[str, TypeSpec]
    functions: Mapping[str, str]
    problems: list[RuleError]

    def report(self, node: Node, message: str) -> None:
        """Record a type problem at the node's position."""
        self.problems.append(RuleError(f"「{node.source}」: {message}", node.offset))


class Node:
    """Base of every node: the source text and its 0-based offset in the expression."""

    __slots__ = ("offset", "source")

    def __init__(self, source: str, offset: int) -> None:
        self.source = source
        self.offset = offset

    def traced(self, facts: Facts) -> TraceNode:
        """Return the value of this node for the facts with the trace of how it was computed."""
        raise NotImplementedError

    def infer(self, env: TypeEnv) -> TypeSpec:
        """Return the static type of this node, reporting problems to the environment."""
        raise NotImplementedError

    def fail(self, message: str) -> RuleError:
        """Return a RuleError located at this node."""
        return RuleError(f"「{self.source}」: {message}", self.offset)


def truth(node: Node, value: object) -> object:
    """Return value as a truth value (True, False or UNKNOWN), refusing non-booleans."""
    if value is True or value is False or value is UNKNOWN:
        return value
    raise node.fail(f"真偽値ではありません（{value!r}）")


class Literal(Node):
    __slots__ = ("constant", "trace")

    def __init__(self, source: str, offset: int, constant: object) -> None:
        super().__init__(source, offset)
        self.constant = constant
        self.trace = TraceNode("literal", source, constant)

    def traced(self, facts: Facts) -> TraceNode:
        return self.trace

    def infer(self, env: TypeEnv) -> TypeSpec:
        return type_of_constant(self.constant)


def type_of_constant(constant: object) -> TypeSpec:
    """Return the static type of a Python constant."""
    if isinstance(constant, bool):
        return BOOL
    if isinstance(constant, int | float):
        return TypeSpec("number")
    if isinstance(constant, str):
        return TypeSpec("string", (constant,))
    return TypeSpec("any")


class Fact(Node):
    __slots__ = ("name",)

    def __init__(self, source: str, offset: int, name: str) -> None:
        super().__init__(source, offset)
        self.name = name

    def traced(self, facts: Facts) -> TraceNode:
        return TraceNode("fact", self.source, read_fact(facts, self.name), fact=self.name)

    def infer(self, env: TypeEnv) -> TypeSpec:
        spec = env.facts.get(self.name)
        if spec is None:
            env.report(self, f"事実「{self.name}」は宣言されていません")
            return TypeSpec("any")
        return spec


def read_fact(facts: Facts, name: str) -> object:
    """Return the value of a dotted fact name as conditions see it (UNKNOWN when missing or None)."""
    # A flat dotted key wins: callers overlay answers as {"a.b": value}.
    found = facts.get(name, UNKNOWN)
    if found is UNKNOWN and "." in name:
        found = _lookup(facts, name.split("."))
    return UNKNOWN if found is None else found


def _lookup(facts: Facts, parts: list[str]) -> object:
    current: object = facts
    for key in parts:
        if not isinstance(current, Mapping):
            return UNKNOWN
        current = current.get(key, UNKNOWN)
        if current is UNKNOWN:
            return UNKNOWN
    return current


class ListNode(Node):
    __slots__ = ("items",)

    def __init__(self, source: str, offset: int, items: tuple[Node, ...]) -> None:
        super().__init__(source, offset)
        self.items = items

    def traced(self, facts: Facts) -> TraceNode:
        children = tuple(item.traced(facts) for item in self.items)
        return TraceNode("list", self.source, [c.value for c in children], children)

    def infer(self, env: TypeEnv) -> TypeSpec:
        kinds = [item.infer(env) for item in self.items]
        values = tuple(v for spec in kinds for v in spec.values)
        first = kinds[0] if kinds else None
        return TypeSpec("list", item=TypeSpec(first.kind, values) if first else None)


class BoolOp(Node):
    __slots__ = ("is_and", "operands")

    def __init__(self, source: str, offset: int, is_and: bool, operands: tuple[Node, ...]) -> None:
        super().__init__(source, offset)
        self.is_and = is_and
        self.operands = operands

    def traced(self, facts: Facts) -> TraceNode:
        # Kleene logic: a decisive operand ends the evaluation, unknown only if none decides.
        decisive = not self.is_and
        result: object = not decisive
        children = []
        for operand in self.operands:
            child = operand.traced(facts)
            children.append(child)
            current = truth(operand, child.value)
            if current is decisive:
                result = decisive
                break
            if current is UNKNOWN:
                result = UNKNOWN
        return TraceNode("and" if self.is_and else "or", self.source, result, tuple(children))

    def infer(self, env: TypeEnv) -> TypeSpec:
        for operand in self.operands:
            expect_bool(operand, env)
        return BOOL


def expect_bool(node: Node, env: TypeEnv) -> None:
    """Report a node whose static type cannot be a truth value."""
    spec = node.infer(env)
    if spec.kind not in ("bool", "any"):
        env.report(node, f"真偽値ではなく{_kind_name(spec)}です")


def _kind_name(spec: TypeSpec) -> str:
    return kind_name(spec.kind)


class Not(Node):
    __slots__ = ("operand",)

    def __init__(self, source: str, offset: int, operand: Node) -> None:
        super().__init__(source, offset)
        self.operand = operand

    def traced(self, facts: Facts) -> TraceNode:
        child = self.operand.traced(facts)
        current = truth(self.operand, child.value)
        return TraceNode("not", self.source, UNKNOWN if current is UNKNOWN else not current, (child,))

    def infer(self, env: TypeEnv) -> TypeSpec:
        expect_bool(self.operand, env)
        return BOOL


class Negate(Node):
    __slots__ = ("operand",)

    def __init__(self, source: str, offset: int, operand: Node) -> None:
        super().__init__(source, offset)
        self.operand = operand

    def negate(self, value: object) -> object:
        """Return the computed operand with its sign changed."""
        if value is UNKNOWN:
            return UNKNOWN
        if isinstance(value, Period):
            return -value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(f"数値ではないので符号を変えられません（{value!r}）")
        return -value

    def traced(self, facts: Facts) -> TraceNode:
        child = self.operand.traced(facts)
        return TraceNode("neg", self.source, self.negate(child.value), (child,))

    def infer(self, env: TypeEnv) -> TypeSpec:
        spec = self.operand.infer(env)
        if spec.kind not in ("number", "period", "any"):
            env.report(self, f"{_kind_name(spec)}に符号は付けられません")
        return TypeSpec(spec.kind)


class Call(Node):
    __slots__ = ("args", "aware", "function", "name")

    def __init__(
        self, source: str, offset: int, name: str, function: Callable[..., object], args: tuple[Node, ...]
    ) -> None:
        super().__init__(source, offset)
        self.name = name
        self.function = function
        self.args = args
        self.aware = is_unknown_aware(function)

    def call(self, values: list[object]) -> object:
        """Return the function's result for computed arguments (UNKNOWN in, UNKNOWN out)."""
        if not self.aware and any(v is UNKNOWN for v in values):
            return UNKNOWN
        try:
            return self.function(*values)
        except RuleError as err:
            raise self.fail(err.detail) from err
        except Exception as err:
            raise self.fail(f"関数 {self.name}() を計算できません（{type(err).__name__}）") from err

    def traced(self, facts: Facts) -> TraceNode:
        children = tuple(arg.traced(facts) for arg in self.args)
        result = self.call([c.value for c in children])
        return TraceNode("call", self.source, result, children, operator=self.name)

    def infer(self, env: TypeEnv) -> TypeSpec:
        specs = [arg.infer(env) for arg in self.args]
        if self.name in ("any", "all", "len") and len(specs) != 1:
            env.report(self, f"{self.name}() には引数を1つ渡してください")
        elif self.name in ("any", "all") and specs[0].kind not in ("list", "any"):
            env.report(self, f"{self.name}() にはリストを渡してください")
        elif self.name == "len" and specs[0].kind not in ("list", "string", "any"):
            env.report(self, "len() にはリストか文字列を渡してください")
        return TypeSpec(env.functions.get(self.name, "any"))


_ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "//": operator.floordiv,
    "%": operator.mod,
}

_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _category(value: object) -> str:
    # The kind of a computed value: booleans are never numbers here, unlike in Python.
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


class Binary(Node):
    """Two operands joined by `op`; subclasses say how values combine and name their trace kind."""

    __slots__ = ("left", "op", "right")
    trace_kind = ""

    def __init__(self, source: str, offset: int, op: str, left: Node, right: Node) -> None:
        super().__init__(source, offset)
        self.op = op
        self.left = left
        self.right = right

    def traced(self, facts: Facts) -> TraceNode:
        left, right = self.left.traced(facts), self.right.traced(facts)
        result = self.combine(left.value, right.value)
        return TraceNode(self.trace_kind, self.source, result, (left, right), operator=self.op)

    def combine(self, left: object, right: object) -> object:
        """Return the three-valued result for two computed operands."""
        raise NotImplementedError


class Arith(Binary):
    __slots__ = ()
    trace_kind = "arith"

    def combine(self, left: object, right: object) -> object:
        """Return the arithmetic result for two computed operands."""
        if left is UNKNOWN or right is UNKNOWN:
            return UNKNOWN
        if isinstance(left, dt.date) or isinstance(right, dt.date):
            return self._date_arith(left, right)
        if _category(left) == _category(right) == "number":
            return self._number_arith(left, right)
        if isinstance(left, Period) and isinstance(right, Period) and self.op == "+":
            return left + right
        raise self.fail(f"{left!r} と {right!r} は「{self.op}」で計算できません")

    def _number_arith(self, left: Any, right: Any) -> object:
        if self.op in ("/", "//", "%") and right == 0:
            raise self.fail("0 で割っています")
        if self.op == "*" and max(abs(left), abs(right)) > 10**12:
            raise self.fail("数値が大きすぎます")
        return _ARITH[self.op](left, right)

    def _date_arith(self, left: object, right: object) -> object:
        if isinstance(left, dt.date) and isinstance(right, Period) and self.op in "+-":
            return (right if self.op == "+" else -right).add_to(left)
        if isinstance(right, dt.date) and isinstance(left, Period) and self.op == "+":
            return left.add_to(right)
        if isinstance(left, dt.date) and isinstance(right, dt.date) and self.op == "-":
            return (left - right).days
        raise self.fail("日付には days()・months()・years() の期間を足し引きしてください")

    def infer(self, env: TypeEnv) -> TypeSpec:
        left, right = self.left.infer(env).kind, self.right.infer(env).kind
        if "any" in (left, right):
            return TypeSpec("any")
        result = _ARITH_TYPES.get((left, self.op, right))
        if result is None:
            env.report(self, f"{kind_name(left)}と{kind_name(right)}は「{self.op}」で計算できません")
            return TypeSpec("any")
        return TypeSpec(result)


_ARITH_TYPES = {("number", op, "number"): "number" for op in _ARITH} | {
    ("date", "+", "period"): "date",
    ("date", "-", "period"): "date",
    ("period", "+", "date"): "date",
    ("date", "-", "date"): "number",
    ("period", "+", "period"): "period",
}


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
