"""Decide, explain and date one procedure for the facts known so far."""

from __future__ import annotations

import datetime as dt

from madoguchi.domain.navigator.deadlines import Deadline, anchor_date, make_deadline
from madoguchi.domain.navigator.explain import reasons, unknown_facts
from madoguchi.domain.navigator.index import CompiledProcedure
from madoguchi.domain.navigator.questions import deciding_facts
from madoguchi.domain.navigator.results import ProcedureResult
from madoguchi.domain.rules import RuleError

STATUS_BY_VALUE: dict[object, str] = {True: "required", False: "not_needed"}

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
    try:
        # Nothing is traced: the atoms that decided come as their compiled explainers.
        value, decisive = compiled.decide(facts)
    except RuleError as err:
        result = _result(compiled, "to_confirm", (f"条件を判定できません: {err}",), (), None)
        return result, deciding_facts(compiled.value, facts, compiled.probes)
    status = STATUS_BY_VALUE.get(value, "to_confirm")
    rule = compiled.procedure.deadline
    deadline = None
    if rule is not None and status != "not_needed":
        deadline = make_deadline(rule, anchor_date(rule, facts), today, urgent_days)
    why = reasons(value, decisive, facts)
    # The procedure's own fields were laid out once in the index (see results.HEAD_FIELDS).
    head, tail = compiled.head, compiled.tail
    if status != "to_confirm":
        return ProcedureResult(*head, status, why, (), deadline, *tail), ()
    result = ProcedureResult(*head, status, why, unknown_facts(decisive, facts), deadline, *tail)
    return result, deciding_facts(compiled.value, facts, compiled.probes)


def _result(
    compiled: CompiledProcedure,
    status: str,
    reasons: tuple[str, ...],
    unknown: tuple[str, ...],
    deadline: Deadline | None,
) -> ProcedureResult:
    return ProcedureResult(*compiled.head, status, reasons, unknown, deadline, *compiled.tail)
