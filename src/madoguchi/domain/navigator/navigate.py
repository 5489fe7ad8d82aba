"""Decide, explain and date every procedure of a life event for the facts known so far."""

from __future__ import annotations

import datetime as dt

from madoguchi.domain.navigator.deadlines import Deadline, anchor_date, make_deadline
from madoguchi.domain.navigator.questions import deciding_facts, rank_questions
from madoguchi.domain.navigator.reasons import reasons_for
from madoguchi.domain.navigator.results import STATUS_BY_VALUE, Navigation, ProcedureResult, Status
from madoguchi.domain.packs.facts import Facts
from madoguchi.domain.packs.model import DeadlineRule, Pack, Procedure
from madoguchi.domain.rules import RuleError

__all__ = ["STATUS_BY_VALUE", "Navigation", "NavigationError", "ProcedureResult", "Status", "navigate"]


class NavigationError(ValueError):
    """Facts or an event the pack cannot navigate; the message is Japanese."""


def navigate(pack: Pack, event_id: str, facts: Facts, today: dt.date) -> Navigation:
    """Return the status, reasons and deadline of every procedure of the event, and next questions."""
    if event_id not in pack.events:
        known = "・".join(pack.events)
        raise NavigationError(f"イベント「{event_id}」は手続パック「{pack.id}」にありません（{known}）")
    # Every declared fact present (None: unknown), so each read of a condition is one dict lookup.
    flat: dict[str, object] = {**dict.fromkeys(pack.facts), "today": today, **facts}
    results: list[ProcedureResult] = []
    decides: dict[str, list[str]] = {}
    for procedure_id in pack.events[event_id].procedures:
        result, deciding = _decide(pack, pack.procedures[procedure_id], flat, today)
        results.append(result)
        for name in deciding:
            decides.setdefault(name, []).append(result.id)
    questions = rank_questions(pack.events[event_id], decides, pack.facts)
    return Navigation(event_id, pack.id, pack.version, today, tuple(results), questions)


def _decide(
    pack: Pack, procedure: Procedure, facts: dict[str, object], today: dt.date
) -> tuple[ProcedureResult, tuple[str, ...]]:
    # The result, and the unknown facts whose answer would decide it (for the questions).
    done = _done(procedure, facts)
    if done is not None:
        return _result(pack, procedure, Status.DONE, done, (), None), ()
    condition = procedure.condition
    try:
        evaluation = condition.evaluate(facts)
    except RuleError as err:
        failed = (f"条件を判定できません: {err}",)
        return _result(pack, procedure, Status.TO_CONFIRM, failed, (), None), deciding_facts(
            condition, facts, pack.facts
        )
    status, atoms = STATUS_BY_VALUE.get(evaluation.value, Status.TO_CONFIRM), evaluation.decisive()
    unknown: tuple[str, ...] = ()
    deciding: tuple[str, ...] = ()
    if status == Status.TO_CONFIRM:
        # The facts still unknown under the decisive atoms, in reading order, without repeats.
        unknown = tuple(dict.fromkeys(name for atom in atoms for name in atom.facts_read(unknown_only=True)))
        deciding = deciding_facts(condition, facts, pack.facts)
    deadline = None if status == Status.NOT_NEEDED else _deadline(pack, procedure, facts, today)
    why = reasons_for(evaluation.value, atoms, pack.facts)
    return _result(pack, procedure, status, why, unknown, deadline), deciding


def _done(procedure: Procedure, facts: dict[str, object]) -> tuple[str, ...] | None:
    """Return the reasons when the register shows the procedure already done, else None."""
    if procedure.done_when is None:
        return None
    try:
        value = procedure.done_when.evaluate(facts).value
    except RuleError:
        return None
    return (procedure.done_text or "すでに済んでいる手続です",) if value is True else None


def _deadline(pack: Pack, procedure: Procedure, facts: dict[str, object], today: dt.date) -> Deadline | None:
    # The first case whose condition holds replaces the procedure's own deadline. While a case is
    # undecided, the earliest deadline it could turn out to be is shown: never later than the law's.
    if procedure.deadline is None:
        return None
    possible: list[DeadlineRule] = []
    for case in procedure.deadline_cases:
        try:
            value: object = case.when.evaluate(facts).value
        except RuleError:
            value = None
        if value is not False:
            possible.append(case.rule)
        if value is True:
            break
    else:
        possible.append(procedure.deadline)
    deadlines = [make_deadline(rule, anchor_date(rule, facts), today, pack.urgent_days) for rule in possible]
    dated = [deadline for deadline in deadlines if deadline.date is not None]
    return min(dated, key=lambda deadline: deadline.date or today) if dated else deadlines[0]


def _result(
    pack: Pack,
    procedure: Procedure,
    status: Status,
    reasons: tuple[str, ...],
    unknown: tuple[str, ...],
    deadline: Deadline | None,
) -> ProcedureResult:
    department = pack.departments[procedure.department]
    return ProcedureResult(
        id=procedure.id,
        name=procedure.name,
        kind=procedure.kind,
        department=department.id,
        department_name=department.name,
        status=status,
        reasons=reasons,
        unknown_facts=unknown,
        deadline=deadline,
        outside_city_hall=procedure.outside_city_hall,
        office=procedure.office,
        documents=procedure.documents,
        forms=procedure.forms,
        event=procedure.event,
        place=pack.place_of(procedure),
        accepts_heir_info=procedure.accepts_heir_info,
    )
