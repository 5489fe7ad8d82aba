"""Decide, explain and date one procedure for the facts known so far."""

from __future__ import annotations

import datetime as dt

from madoguchi.domain.navigator.explain import Outcome, reasons, unknown_facts
from madoguchi.domain.navigator.index import CompiledProcedure
from madoguchi.domain.navigator.questions import deciding_facts
from madoguchi.domain.navigator.results import STATUS_BY_VALUE, ProcedureResult
from madoguchi.domain.rules import RuleError

# A decided procedure and the unknown facts whose answer would decide it (for questions).
Decided = tuple[ProcedureResult, tuple[str, ...]]


def decide(
    compiled: CompiledProcedure,
    facts: dict[str, object],
    today: dt.date,
    urgent_days: int,
) -> Decided:
    """Return the procedure's result and, if it is still to confirm, the facts that would decide it.

    `facts` are the navigator's prepared facts: flat dotted keys, every declared fact present.
    """
    found = compiled.outcome(facts) if compiled.outcome is not None else None
    if found is None:
        try:
            found = _outcome(compiled, facts)
        except RuleError as err:
            failed = (f"条件を判定できません: {err}",)
            result = ProcedureResult(*compiled.head, "to_confirm", failed, (), None, *compiled.tail)
            return result, deciding_facts(compiled.value, facts, compiled.probes)
    status, why, unknown, deciding = found
    make = compiled.deadline
    deadline = make(facts, today, urgent_days) if make is not None and status != "not_needed" else None
    # The procedure's own fields were laid out once in the index (see results.HEAD_FIELDS).
    return ProcedureResult(*compiled.head, status, why, unknown, deadline, *compiled.tail), deciding


def _outcome(compiled: CompiledProcedure, facts: dict[str, object]) -> Outcome:
    # Nothing is traced: the atoms that decided come as their compiled explainers.
    value, decisive = compiled.decide(facts)
    status, why = STATUS_BY_VALUE.get(value, "to_confirm"), reasons(value, decisive, facts)
    if status != "to_confirm":
        return status, why, (), ()
    unknown = unknown_facts(decisive, facts)
    return status, why, unknown, deciding_facts(compiled.value, facts, compiled.probes)
