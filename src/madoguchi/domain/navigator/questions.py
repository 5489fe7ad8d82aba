"""Choose the next questions: unknown interview facts whose answer would change a result."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from madoguchi.domain.packs.model import Event, FactSpec
from madoguchi.domain.rules import UNKNOWN, Expression, RuleError, read_fact


@dataclass(frozen=True, slots=True)
class Question:
    """A question to ask now, and the procedures its answer decides."""

    fact: str
    text: str
    label: str
    help: str
    decides: tuple[str, ...]


def rank_questions(
    event: Event, decides: Mapping[str, Sequence[str]], specs: Mapping[str, FactSpec]
) -> tuple[Question, ...]:
    """Return questions for facts that decide procedures: pack order first, then most decided."""
    order = {name: index for index, name in enumerate(event.question_order)}
    ranked = sorted(decides, key=lambda name: (order.get(name, len(order)), -len(decides[name]), name))
    return tuple(_question(specs[name], decides[name]) for name in ranked)


def _question(spec: FactSpec, decides: Sequence[str]) -> Question:
    return Question(spec.name, spec.question, spec.label, spec.help, tuple(decides))


def deciding_facts(
    condition: Expression, facts: Mapping[str, object], specs: Mapping[str, FactSpec]
) -> tuple[str, ...]:
    """Return the unknown interview facts of a condition for which some answer decides it."""
    found = []
    for name in sorted(condition.fact_names):
        spec = specs.get(name)
        if spec is None or spec.source != "interview" or read_fact(facts, name) is not UNKNOWN:
            continue
        if any(_decided(condition, facts, name, value) for value in probe_values(spec, condition)):
            found.append(name)
    return tuple(found)


def _decided(condition: Expression, facts: Mapping[str, object], name: str, value: object) -> bool:
    try:
        return condition.value({**facts, name: value}) is not UNKNOWN
    except RuleError:
        return False


_PROBES: dict[tuple[str, int], tuple[Expression, tuple[object, ...]]] = {}


def probe_values(spec: FactSpec, condition: Expression) -> tuple[object, ...]:
    """Return the answers worth trying for a fact: every value that could matter to the condition."""
    key = (spec.name, id(condition))
    cached = _PROBES.get(key)
    # The condition is stored with its probes so its id cannot be reused while cached.
    if cached is None or cached[0] is not condition:
        cached = _PROBES[key] = (condition, _probe_values(spec, condition))
    return cached[1]


def _probe_values(spec: FactSpec, condition: Expression) -> tuple[object, ...]:
    if spec.type == "bool":
        return (True, False)
    if spec.type == "list":
        return ([], *([value] for value in spec.values or ("その他",)))
    constants = condition.constants()
    if spec.type == "string":
        return spec.values or tuple(c for c in constants if isinstance(c, str))
    if spec.type in ("int", "number"):
        numbers = [c for c in constants if isinstance(c, int | float) and not isinstance(c, bool)]
        return tuple(dict.fromkeys(n + delta for n in [*numbers, 0] for delta in (-1, 0, 1)))
    return ()
