"""Choose the next questions: unknown askable facts whose answer would change a result."""

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
    last = len(event.question_order)
    ranked = sorted(decides.items(), key=lambda item: (order.get(item[0], last), -len(item[1]), item[0]))
    return tuple(
        Question(specs[name].name, specs[name].question, specs[name].label, specs[name].help, tuple(ids))
        for name, ids in ranked
    )


def deciding_facts(
    condition: Expression, facts: dict[str, object], specs: Mapping[str, FactSpec]
) -> tuple[str, ...]:
    """Return the condition's unknown interview facts for which some answer decides it.

    Each answer worth trying (`probe_values`) is put into the flat `facts` in place and taken out
    again, much cheaper than copying the facts for every try; `facts` is unchanged on return.
    """
    found = []
    for name in sorted(condition.fact_names):
        spec = specs.get(name)
        if spec is None or not spec.askable or read_fact(facts, name) is not UNKNOWN:
            continue
        missing, before = name not in facts, facts.get(name)
        try:
            if any(_decides(condition, facts, name, answer) for answer in probe_values(spec, condition)):
                found.append(name)
        finally:
            if missing:
                del facts[name]
            else:
                facts[name] = before
    return tuple(found)


def _decides(condition: Expression, facts: dict[str, object], name: str, answer: object) -> bool:
    # An answer that makes the condition fail to evaluate decides nothing.
    facts[name] = answer
    try:
        return condition.value(facts) is not UNKNOWN
    except RuleError:
        return False


def probe_values(spec: FactSpec, condition: Expression) -> tuple[object, ...]:
    """Return the answers worth trying for a fact: every value that could matter to the condition."""
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
