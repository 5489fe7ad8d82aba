"""Choose the next questions: unknown interview facts whose answer would change a result."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from madoguchi.domain.navigator.frozen import fast_constructor
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


new_question = fast_constructor(Question)


def rank_questions(
    event: Event, decides: Mapping[str, Sequence[str]], specs: Mapping[str, FactSpec]
) -> tuple[Question, ...]:
    """Return questions for facts that decide procedures: pack order first, then most decided."""
    order, last = _positions(event.question_order), len(event.question_order)
    # Sorting plain tuples compares them in C: no key function called per fact.
    ranked = sorted([(order.get(name, last), -len(ids), name, ids) for name, ids in decides.items()])
    questions = []
    for _, _, name, ids in ranked:
        spec = specs[name]
        questions.append(new_question(spec.name, spec.question, spec.label, spec.help, tuple(ids)))
    return tuple(questions)


Ranker = Callable[[Mapping[str, Sequence[str]]], tuple[Question, ...]]


def question_ranker(event: Event, specs: Mapping[str, FactSpec]) -> Ranker:
    """Return `rank_questions` for the event, each fact's place and wording looked up in advance."""
    order, last = _positions(event.question_order), len(event.question_order)
    asks = {
        name: (order.get(name, last), (spec.name, spec.question, spec.label, spec.help))
        for name, spec in specs.items()
    }

    def rank(decides: Mapping[str, Sequence[str]]) -> tuple[Question, ...]:
        ranked = sorted([(asks[name][0], -len(ids), name, ids) for name, ids in decides.items()])
        return tuple([new_question(*asks[name][1], tuple(ids)) for _, _, name, ids in ranked])

    return rank


@lru_cache(maxsize=256)
def _positions(order: tuple[str, ...]) -> Mapping[str, int]:
    # Built once per event's question order: read-only, so it can be shared.
    return MappingProxyType({name: index for index, name in enumerate(order)})


def deciding_facts(
    evaluate: Callable[[dict[str, object]], object],
    facts: dict[str, object],
    probes: Sequence[tuple[str, Sequence[object]]],
) -> tuple[str, ...]:
    """Return the unknown facts among `probes` for which some answer decides the condition.

    `evaluate` is the condition's value function (`Expression.value`); `probes` pairs each
    interview fact of the condition with the answers worth trying (`probe_values`). Answers
    are put into `facts` in place and taken out again, which is much cheaper than copying
    the facts for every try; `facts` is unchanged on return.
    """
    found = []
    for name, answers in probes:
        if read_fact(facts, name) is UNKNOWN and _decided(evaluate, facts, name, answers):
            found.append(name)
    return tuple(found)


def _decided(
    evaluate: Callable[[dict[str, object]], object],
    facts: dict[str, object],
    name: str,
    answers: Sequence[object],
) -> bool:
    missing, before = name not in facts, facts.get(name)
    try:
        for answer in answers:
            facts[name] = answer
            try:
                if evaluate(facts) is not UNKNOWN:
                    return True
            except RuleError:
                continue
        return False
    finally:
        if missing:
            del facts[name]
        else:
            facts[name] = before


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
