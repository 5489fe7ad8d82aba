"""The condition language of procedure packs: safe, three-valued, traced.

Conditions are a small subset of Python expressions (fact names with dots, `and`/`or`/`not`,
comparisons, `in`, arithmetic on numbers and dates, a few functions). They are parsed once with
`ast` against a whitelist and evaluated by our own evaluator, never by `eval`. A missing fact is
UNKNOWN and propagates by Kleene logic. There is one evaluator, the traced tree walk
(`Expression.evaluate`): the value always comes with the trace that explains it.
"""

from madoguchi.domain.rules.errors import UNKNOWN, RuleError
from madoguchi.domain.rules.expression import Evaluation, Expression, compile_expression
from madoguchi.domain.rules.functions import BUILTINS, Period, unknown_aware
from madoguchi.domain.rules.nodes import read_fact
from madoguchi.domain.rules.trace import TraceNode, TypeSpec

__all__ = [
    "BUILTINS",
    "UNKNOWN",
    "Evaluation",
    "Expression",
    "Period",
    "RuleError",
    "TraceNode",
    "TypeSpec",
    "compile_expression",
    "read_fact",
    "unknown_aware",
]
