"""Choose the next questions: unknown askable facts whose answer would change a result."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from madoguchi.domain.packs.model import Event, FactSpec
from madoguchi.domain.rules import UNKNOWN, Expression, RuleError, read_fact


@dataclass(frozen=True, slots=True)
class Question:
    """A question to ask now, and the procedures its answer decides.

    A checklist question (`items`: fact, label) asks several yes/no facts on one screen; its `fact`
    is the checklist's id. Otherwise `fact` is the one fact asked.
    """

    fact: str
    text: str
    label: str
    help: str
    decides: tuple[str, ...]
    items: tuple[tuple[str, str], ...] = ()

    @property
    def facts(self) -> tuple[str, ...]:
        """Return the facts this question records."""
        return tuple(name for name, _ in self.items) if self.items else (self.fact,)

    def without(self, asked: Collection[str]) -> Question | None:
        """Return the question less the facts already asked (answered 「不明」), or None if none is left."""
        if not self.items:
            return None if self.fact in asked else self
        items = tuple(item for item in self.items if item[0] not in asked)
        return replace(self, items=items) if items else None


def rank_questions(
    event: Event, decides: Mapping[str, Sequence[str]], specs: Mapping[str, FactSpec]
) -> tuple[Question, ...]:
    """Return questions for facts that decide procedures: pack order first, then most decided.

    The deciding facts of one checklist become one question, placed where its first one ranks.
    """
    order = {name: index for index, name in enumerate(event.question_order)}
    last = len(event.question_order)
    ranked = sorted(decides.items(), key=lambda item: (order.get(item[0], last), -len(item[1]), item[0]))
    checklist_of = {name: checklist for checklist in event.checklists for name in checklist.facts}
    found: dict[str, Question] = {}
    for name, ids in ranked:
        spec = specs[name]
        checklist = checklist_of.get(name)
        if checklist is None:
            found[name] = Question(name, spec.question, spec.label, spec.help, tuple(ids))
            continue
        known = found.get(checklist.id)
        items = (*known.items, (name, spec.label)) if known else ((name, spec.label),)
        merged = tuple(dict.fromkeys((*known.decides, *ids))) if known else tuple(ids)
        text = checklist.question
        found[checklist.id] = Question(checklist.id, text, text, "", merged, items)
    return tuple(_single(question, specs) for question in found.values())


def _single(question: Question, specs: Mapping[str, FactSpec]) -> Question:
    # A checklist with one deciding fact left is asked as that fact's own yes/no question.
    if len(question.items) != 1:
        return question
    spec = specs[question.items[0][0]]
    return Question(spec.name, spec.question, spec.label, spec.help, question.decides)


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
