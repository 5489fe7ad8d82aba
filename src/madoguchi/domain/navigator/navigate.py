"""Decide, explain and date every procedure of a life event for the facts known so far."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from madoguchi.domain.navigator.deadlines import Deadline, anchor_date, make_deadline
from madoguchi.domain.navigator.questions import Question, deciding_facts, rank_questions
from madoguchi.domain.navigator.reasons import reasons_for
from madoguchi.domain.packs.facts import coerce_facts
from madoguchi.domain.packs.model import Pack, Procedure
from madoguchi.domain.rules import UNKNOWN, Evaluation, RuleError, TraceNode, read_fact

STATUS_BY_VALUE: dict[object, str] = {True: "required", False: "not_needed"}


class NavigationError(ValueError):
    """Facts or an event the pack cannot navigate; the message is Japanese."""


@dataclass(frozen=True, slots=True)
class ProcedureResult:
    """The decision about one procedure, with its reasons and deadline."""

    id: str
    name: str
    kind: str
    department: str
    department_name: str
    status: str  # required | to_confirm | not_needed
    reasons: tuple[str, ...]
    unknown_facts: tuple[str, ...]
    deadline: Deadline | None
    outside_city_hall: bool
    office: str
    documents: tuple[str, ...]
    forms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Navigation:
    """Every procedure of the event for the facts, and the questions still worth asking."""

    event: str
    pack_id: str
    pack_version: str
    today: dt.date
    procedures: tuple[ProcedureResult, ...]
    questions: tuple[Question, ...]

    def by_status(self, status: str) -> tuple[str, ...]:
        """Return the ids of procedures with the status, in pack order."""
        return tuple(result.id for result in self.procedures if result.status == status)

    def to_json(self) -> dict[str, Any]:
        """Return the navigation as JSON-ready data (the `navigate --json` format)."""
        return {
            "event": self.event,
            "pack": {"id": self.pack_id, "version": self.pack_version},
            "on": self.today.isoformat(),
            "procedures": [_result_json(result) for result in self.procedures],
            "questions": [
                {"fact": q.fact, "text": q.text, "label": q.label, "decides": list(q.decides)}
                for q in self.questions
            ],
        }


def navigate(pack: Pack, event_id: str, facts: Mapping[str, Any], today: dt.date) -> Navigation:
    """Return the status, reasons and deadline of every procedure of the event, and next questions."""
    event = pack.events.get(event_id)
    if event is None:
        known = "・".join(pack.events)
        raise NavigationError(f"イベント「{event_id}」は手続パック「{pack.id}」にありません（{known}）")
    values, messages = coerce_facts(pack.facts, facts)
    if messages:
        raise NavigationError("事実の値が正しくありません: " + " / ".join(messages))
    values.setdefault("today", today)
    # Flat dotted keys make every fact read one dict lookup; conditions read flat keys first.
    values = flatten_facts(values)
    decided = [_decide_memo(pack, pack.procedures[pid], values, today) for pid in event.procedures]
    decides: dict[str, list[str]] = {}
    for result, deciding in decided:
        for name in deciding:
            decides.setdefault(name, []).append(result.id)
    questions = rank_questions(event, decides, pack.facts)
    return Navigation(event_id, pack.id, pack.version, today, tuple(r for r, _ in decided), questions)


# Results depend only on the facts a procedure reads, so answers that change one fact re-decide
# only the procedures reading it. The procedure is kept in the value so its id stays unique.
_MEMO: dict[tuple[object, ...], tuple[Procedure, ProcedureResult, tuple[str, ...]]] = {}
_MEMO_LIMIT = 50_000
_READS: dict[int, tuple[Procedure, tuple[str, ...]]] = {}


def _decide_memo(
    pack: Pack, procedure: Procedure, facts: Mapping[str, object], today: dt.date
) -> tuple[ProcedureResult, tuple[str, ...]]:
    key = (id(procedure), today, pack.urgent_days, *(_hashable(facts.get(n)) for n in _reads(procedure)))
    hit = _MEMO.get(key)
    if hit is not None and hit[0] is procedure:
        return hit[1], hit[2]
    result = _decide(pack, procedure, facts, today)
    deciding = deciding_facts(procedure.condition, facts, pack.facts) if result.status == "to_confirm" else ()
    if len(_MEMO) >= _MEMO_LIMIT:
        _MEMO.clear()
    _MEMO[key] = (procedure, result, deciding)
    return result, deciding


def clear_memo() -> None:
    """Forget memoised results (benchmarks measure the cold path with it)."""
    _MEMO.clear()


def _reads(procedure: Procedure) -> tuple[str, ...]:
    found = _READS.get(id(procedure))
    if found is None or found[0] is not procedure:
        anchors = procedure.deadline.anchors if procedure.deadline else ()
        found = _READS[id(procedure)] = (procedure, (*sorted(procedure.condition.fact_names), *anchors))
    return found[1]


def _hashable(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def flatten_facts(facts: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Return nested facts as one dict keyed by dotted names (nested dicts are kept too)."""
    flat: dict[str, Any] = {}
    for key, value in facts.items():
        flat[prefix + key] = value
        if isinstance(value, dict):
            flat.update(flatten_facts(value, f"{prefix}{key}."))
    return flat


def _decide(pack: Pack, procedure: Procedure, facts: Mapping[str, object], today: dt.date) -> ProcedureResult:
    try:
        evaluation = procedure.condition.evaluate(facts)
    except RuleError as err:
        return _result(pack, procedure, "to_confirm", (f"条件を判定できません: {err}",), (), None)
    status = STATUS_BY_VALUE.get(evaluation.value, "to_confirm")
    unknown = _unknown_facts(evaluation) if status == "to_confirm" else ()
    deadline = None
    if procedure.deadline is not None and status != "not_needed":
        anchor = anchor_date(procedure.deadline, _anchor_values(procedure, facts))
        deadline = make_deadline(procedure.deadline, anchor, today, pack.urgent_days)
    return _result(pack, procedure, status, reasons_for(evaluation, pack.facts), unknown, deadline)


def _anchor_values(procedure: Procedure, facts: Mapping[str, object]) -> dict[str, object]:
    anchors = procedure.deadline.anchors if procedure.deadline else ()
    return {name: read_fact(facts, name) for name in anchors}


def _unknown_facts(evaluation: Evaluation) -> tuple[str, ...]:
    names: dict[str, None] = {}
    for atom in evaluation.decisive():
        _collect_unknown(atom, names)
    return tuple(names)


def _collect_unknown(node: TraceNode, names: dict[str, None]) -> None:
    if node.fact is not None and node.value is UNKNOWN:
        names[node.fact] = None
    for child in node.children:
        _collect_unknown(child, names)


def _result(
    pack: Pack,
    procedure: Procedure,
    status: str,
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
    )


def _result_json(result: ProcedureResult) -> dict[str, Any]:
    deadline = result.deadline
    return {
        "id": result.id,
        "name": result.name,
        "department": result.department,
        "department_name": result.department_name,
        "status": result.status,
        "reasons": list(result.reasons),
        "unknown_facts": list(result.unknown_facts),
        "deadline": None
        if deadline is None
        else {
            "date": deadline.date.isoformat() if deadline.date else None,
            "kind": deadline.kind,
            "text": deadline.text,
            "days_left": deadline.days_left,
            "overdue": deadline.overdue,
            "urgent": deadline.urgent,
        },
        "outside_city_hall": result.outside_city_hall,
        "office": result.office,
        "documents": list(result.documents),
        "forms": list(result.forms),
    }
