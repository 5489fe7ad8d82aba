"""Parse condition text to the whitelisted node tree with Python's `ast`, never `eval`."""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Callable, Mapping

from madoguchi.domain.rules.errors import RuleError
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
)

MAX_LENGTH = 2000
# Python's tokenizer warns only about backslash escapes and digits running into letters
# ("1and", "0x1for"); the warnings guard costs more than parsing, so only those texts take it.
_MAY_WARN = re.compile(r"\\|\d[^\W\d]")
MAX_DEPTH = 60

_NAMED_CONSTANTS = {"true": True, "false": False, "True": True, "False": False}
_COMPARE_OPS: dict[type[ast.cmpop], str] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
}
_ARITH_OPS: dict[type[ast.operator], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
}
_NODE_NAMES: dict[type[ast.AST], str] = {
    ast.Subscript: "添字 [ ]",
    ast.Lambda: "lambda",
    ast.IfExp: "if 式",
    ast.Dict: "辞書 { }",
    ast.Set: "集合 { }",
    ast.Tuple: "タプル（カンマ区切り）",
    ast.JoinedStr: "f文字列",
    ast.ListComp: "内包表記",
    ast.GeneratorExp: "内包表記",
    ast.NamedExpr: ":=",
    ast.Starred: "*",
}


def parse(text: str, functions: Mapping[str, Callable[..., object]]) -> Node:
    """Parse condition text to a node tree; raise RuleError for anything outside the language."""
    if not isinstance(text, str):
        raise RuleError(f"条件式は文字列で書いてください（{text!r}）")
    if len(text) > MAX_LENGTH:
        raise RuleError(f"条件式が長すぎます（{len(text)}文字、上限{MAX_LENGTH}文字）")
    if not text.strip():
        raise RuleError("条件式が空です")
    source = _one_line(text)
    tree = _parse_python(source, len(text) - len(text.lstrip()))
    return _Converter(text, source, functions).convert(tree.body, 0)


def _one_line(text: str) -> str:
    # Line breaks from folded YAML become spaces; leading blanks would be an indentation error.
    return text.replace("\r", " ").replace("\n", " ").replace("\t", " ").lstrip()


def _parse_python(source: str, shift: int) -> ast.Expression:
    try:
        return _ast(source)
    except SyntaxError as err:
        if err.lineno != 1:
            raise RuleError(
                "書き方が正しくありません（式が途中で終わっています）", len(source) + shift
            ) from None
        offset = min(max((err.offset or 1) - 1, 0), len(source)) + shift
        raise RuleError(f"書き方が正しくありません（{_syntax_reason(err)}）", offset) from None
    except (ValueError, MemoryError, RecursionError, OverflowError):
        raise RuleError("書き方が正しくありません（使えない文字か、入れ子が深すぎます）") from None


def _ast(source: str) -> ast.Expression:
    # The trailing newline makes Python locate errors at the end of the text.
    if not _MAY_WARN.search(source):
        return ast.parse(source + "\n", mode="eval")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(source + "\n", mode="eval")


def _syntax_reason(err: SyntaxError) -> str:
    message = err.msg or ""
    if "never closed" in message or "unmatched" in message or "does not match" in message:
        return "括弧の対応がとれていません"
    if "unterminated string" in message:
        return "文字列の引用符が閉じていません"
    if err.offset is not None and err.offset > len((err.text or "").rstrip()):
        return "式が途中で終わっています"
    if "invalid character" in message:
        return "式に使えない文字があります"
    return "構文エラー"


class _Converter:
    """Convert an `ast` tree node by node, refusing every node type not in the whitelist."""

    def __init__(self, text: str, source: str, functions: Mapping[str, Callable[..., object]]) -> None:
        self.source = source
        self.shift = len(text) - len(source)
        self.functions = functions
        self._line_bytes = source.encode("utf-8")
        # Columns are UTF-8 byte offsets: on ASCII text they are character offsets already.
        self._ascii = source.isascii()

    def convert(self, node: ast.AST, depth: int) -> Node:
        """Return our node for an ast node, checking depth and the whitelist."""
        if depth > MAX_DEPTH:
            raise RuleError("式の入れ子が深すぎます", self._offset(node))
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            name = _NODE_NAMES.get(type(node), type(node).__name__)
            raise RuleError(f"「{name}」は条件式では使えません", self._offset(node))
        result: Node = method(node, depth + 1)
        return result

    def _offset(self, node: ast.AST) -> int:
        col = getattr(node, "col_offset", 0)
        if self._ascii:
            return col + self.shift
        return len(self._line_bytes[:col].decode("utf-8", "ignore")) + self.shift

    def _src(self, node: ast.AST) -> tuple[str, int]:
        # Columns are UTF-8 byte offsets on our single line.
        start, end = getattr(node, "col_offset", 0), getattr(node, "end_col_offset", None)
        if self._ascii:
            return self.source[start:end], start + self.shift
        return self._line_bytes[start:end].decode("utf-8", "replace"), self._offset(node)

    def _Constant(self, node: ast.Constant, depth: int) -> Node:
        if not isinstance(node.value, bool | int | float | str):
            raise RuleError(f"値 {node.value!r} は条件式では使えません", self._offset(node))
        return Literal(*self._src(node), node.value)

    def _Name(self, node: ast.Name, depth: int) -> Node:
        if node.id in _NAMED_CONSTANTS:
            return Literal(*self._src(node), _NAMED_CONSTANTS[node.id])
        return Fact(*self._src(node), node.id)

    def _Attribute(self, node: ast.Attribute, depth: int) -> Node:
        parts = [node.attr]
        current: ast.expr = node.value
        while isinstance(current, ast.Attribute):
            parts.append(current.attr)
            current = current.value
        if not isinstance(current, ast.Name):
            raise RuleError("「.」は事実の名前の中でだけ使えます", self._offset(node))
        parts.append(current.id)
        return Fact(*self._src(node), ".".join(reversed(parts)))

    def _List(self, node: ast.List, depth: int) -> Node:
        return ListNode(*self._src(node), tuple(self.convert(item, depth) for item in node.elts))

    def _BoolOp(self, node: ast.BoolOp, depth: int) -> Node:
        operands = tuple(self.convert(value, depth) for value in node.values)
        return BoolOp(*self._src(node), isinstance(node.op, ast.And), operands)

    def _UnaryOp(self, node: ast.UnaryOp, depth: int) -> Node:
        operand = self.convert(node.operand, depth)
        if isinstance(node.op, ast.Not):
            return Not(*self._src(node), operand)
        if isinstance(node.op, ast.USub):
            return Negate(*self._src(node), operand)
        if isinstance(node.op, ast.UAdd):
            return operand
        raise RuleError("演算子「~」は条件式では使えません", self._offset(node))

    def _BinOp(self, node: ast.BinOp, depth: int) -> Node:
        op = _ARITH_OPS.get(type(node.op))
        if op is None:
            raise RuleError("この演算子は条件式では使えません（+ - * / // % のみ）", self._offset(node))
        left, right = self.convert(node.left, depth), self.convert(node.right, depth)
        return Arith(*self._src(node), op, left, right)

    def _Compare(self, node: ast.Compare, depth: int) -> Node:
        ops = [_COMPARE_OPS.get(type(op_node), "") for op_node in node.ops]
        if "" in ops:
            raise RuleError("「is」は使えません。== か != を使ってください", self._offset(node))
        operands = [self.convert(node.left, depth)] + [self.convert(c, depth) for c in node.comparators]
        parts: list[Node] = []
        for index, op in enumerate(ops):
            left, right = operands[index], operands[index + 1]
            parts.append(Compare(f"{left.source} {op} {right.source}", left.offset, op, left, right))
        if len(parts) == 1:
            return parts[0]
        return BoolOp(*self._src(node), True, tuple(parts))

    def _Call(self, node: ast.Call, depth: int) -> Node:
        if not isinstance(node.func, ast.Name):
            raise RuleError("関数は名前で呼び出してください", self._offset(node))
        function = self.functions.get(node.func.id)
        if function is None:
            known = "・".join(sorted(self.functions))
            raise RuleError(f"関数「{node.func.id}」はありません（使える関数: {known}）", self._offset(node))
        if node.keywords:
            raise RuleError("関数の引数に名前は付けられません", self._offset(node))
        args = tuple(self.convert(arg, depth) for arg in node.args)
        return Call(*self._src(node), node.func.id, function, args)
