"""Decide, explain and date one procedure for the facts known so far."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from madoguchi.domain.navigator.deadlines import Deadline, DeadlineMaker, deadline_maker, fixed_deadline
from madoguchi.domain.navigator.explain import (
    Explainer,
    Outcome,
    compile_explainers,
    compile_outcome_as,
    reasons,
    unknown_facts,
)
from madoguchi.domain.navigator.questions import deciding_facts
from madoguchi.domain.navigator.results import STATUS_BY_VALUE, Head, ProcedureResult, Tail, new_result
from madoguchi.domain.packs.model import FactSpec, Procedure
from madoguchi.domain.rules import Expression, RuleError
from madoguchi.domain.rules.compiled import Decider, Evaluator

if TYPE_CHECKING:
    from madoguchi.domain.navigator.index import CompiledProcedure

# A decided procedure and the unknown facts whose answer would decide it (for questions).
Decided = tuple[ProcedureResult, tuple[str, ...]]
# Decides one procedure from the navigator's prepared facts, today and the pack's urgent days.
Run = Callable[[dict[str, object], dt.date, int], Decided]
Probes = tuple[tuple[str, Sequence[object]], ...]


def decide(
    compiled: CompiledProcedure,
    facts: dict[str, object],
    today: dt.date,
    urgent_days: int,
) -> Decided:
    """Return the procedure's result and, if it is still to confirm, the facts that would decide it.

    `facts` are the navigator's prepared facts: flat dotted keys, every declared fact present.
    """
    return compiled.run(facts, today, urgent_days)


def compile_run(
    procedure: Procedure, specs: Mapping[str, FactSpec], probes: Probes, head: Head, tail: Tail
) -> Run:
    """Return the procedure's `decide`, with everything that does not depend on the facts done now."""
    condition, rule = procedure.condition, procedure.deadline
    make = deadline_maker(rule) if rule is not None else None
    decider, value_of = compile_explainers(condition, specs), condition.evaluator()
    general = _general_run(decider, value_of, probes, make, head, tail)
    asked = {name for name, _ in probes}
    fixed = fixed_deadline(rule) if rule is not None else None
    if rule is None or fixed is not None:
        return _fixed_run(condition, specs, asked, fixed, general, head, tail)
    return _dated_run(condition, specs, asked, deadline_maker(rule), general, head, tail)


def _general_run(
    decider: Decider[Explainer],
    value_of: Evaluator,
    probes: Probes,
    make: DeadlineMaker | None,
    head: Head,
    tail: Tail,
) -> Run:
    def run(facts: dict[str, object], today: dt.date, urgent_days: int) -> Decided:
        try:
            # Nothing is traced: the atoms that decided come as their compiled explainers.
            value, decisive = decider(facts)
            status, why = STATUS_BY_VALUE.get(value, "to_confirm"), reasons(value, decisive, facts)
            if status == "to_confirm":
                unknown, deciding = unknown_facts(decisive, facts), deciding_facts(value_of, facts, probes)
            else:
                unknown = deciding = ()
        except RuleError as err:
            failed = (f"条件を判定できません: {err}",)
            result = new_result(*head, "to_confirm", failed, (), None, *tail)
            return result, deciding_facts(value_of, facts, probes)
        deadline = make(facts, today, urgent_days) if make is not None and status != "not_needed" else None
        return new_result(*head, status, why, unknown, deadline, *tail), deciding

    return run


def _fixed_run(
    condition: Expression,
    specs: Mapping[str, FactSpec],
    asked: Collection[str],
    deadline: Deadline | None,
    general: Run,
    head: Head,
    tail: Tail,
) -> Run:
    # Nothing to count: each of the few outcomes worked out in advance is one whole result.
    def finish(outcome: Outcome) -> Decided:
        status, why, unknown, deciding = outcome
        dated = deadline if status != "not_needed" else None
        return new_result(*head, status, why, unknown, dated, *tail), deciding

    pick = compile_outcome_as(condition, specs, asked, finish)
    if pick is None:
        return general
    return lambda facts, today, urgent_days: pick(facts) or general(facts, today, urgent_days)


def _dated_run(
    condition: Expression,
    specs: Mapping[str, FactSpec],
    asked: Collection[str],
    make: DeadlineMaker,
    general: Run,
    head: Head,
    tail: Tail,
) -> Run:
    # The outcomes are worked out in advance, the deadline counted from the facts and today.
    pick = compile_outcome_as(condition, specs, asked, _with_deadline_wanted)
    if pick is None:
        return general

    def run(facts: dict[str, object], today: dt.date, urgent_days: int) -> Decided:
        found = pick(facts)
        if found is None:
            return general(facts, today, urgent_days)
        (status, why, unknown, deciding), dated = found
        deadline = make(facts, today, urgent_days) if dated else None
        return new_result(*head, status, why, unknown, deadline, *tail), deciding

    return run


def _with_deadline_wanted(outcome: Outcome) -> tuple[Outcome, bool]:
    return outcome, outcome[0] != "not_needed"
