"""What the navigator returns: one result per procedure, and the navigation as a whole."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from madoguchi.domain.navigator.deadlines import Deadline
from madoguchi.domain.navigator.questions import Question
from madoguchi.domain.packs import FormUse, Office

# The place of a result built without a pack (tests, old snapshots): no office known.
NOWHERE = Office(id="", name="")


class Status(StrEnum):
    """What the navigator decided about a procedure; the value is what JSON and the pack's scenarios say."""

    REQUIRED = "required"
    TO_CONFIRM = "to_confirm"
    NOT_NEEDED = "not_needed"
    # Already done before the visit, as the register shows (a 除票 by death: the 死亡届 was accepted).
    DONE = "done"


# What staff, the family and the audit page call each status.
STATUS_NAMES: dict[str, str] = {
    Status.REQUIRED: "必要",
    Status.TO_CONFIRM: "要確認",
    Status.DONE: "届出済",
    Status.NOT_NEEDED: "不要",
}


@dataclass(frozen=True, slots=True)
class ProcedureResult:
    """The decision about one procedure, with its reasons and deadline."""

    id: str
    name: str
    kind: str
    department: str
    department_name: str
    status: Status
    reasons: tuple[str, ...]
    unknown_facts: tuple[str, ...]
    deadline: Deadline | None
    outside_city_hall: bool
    office: str
    documents: tuple[str, ...]
    forms: tuple[FormUse, ...]
    # For a procedure still 要確認 when the questions end: whom the family asks (set by the counter).
    confirm_note: str = ""
    # The life event whose procedure this is (its date and subjects fill the forms).
    event: str = ""
    # Where the family goes for it (Pack.place_of): the one answer the screens and papers share.
    place: Office = NOWHERE
    # A 法定相続情報一覧図の写し does instead of the 戸籍・除籍謄本 set.
    accepts_heir_info: bool = False

    @property
    def form_ids(self) -> tuple[str, ...]:
        """Return the ids of the forms this procedure prints, once each."""
        return tuple(dict.fromkeys(use.form_id for use in self.forms))

    def to_json(self) -> dict[str, Any]:
        """Return the result as JSON-ready data (one entry of `navigate --json`)."""
        return _result_json(self)


# A condition's value gives the status; any other value (UNKNOWN) leaves it to confirm.
STATUS_BY_VALUE: dict[object, Status] = {True: Status.REQUIRED, False: Status.NOT_NEEDED}


@dataclass(frozen=True, slots=True)
class Navigation:
    """Every procedure of the event for the facts, and the questions still worth asking."""

    event: str
    pack_id: str
    pack_version: str
    today: dt.date
    procedures: tuple[ProcedureResult, ...]
    questions: tuple[Question, ...]

    def by_status(self, status: Status | str) -> tuple[str, ...]:
        """Return the ids of procedures with the status, in pack order."""
        return tuple(result.id for result in self.procedures if result.status == status)

    def to_json(self) -> dict[str, Any]:
        """Return the navigation as JSON-ready data (the `navigate --json` format)."""
        return {
            "event": self.event,
            "pack": {"id": self.pack_id, "version": self.pack_version},
            "on": self.today.isoformat(),
            "procedures": [result.to_json() for result in self.procedures],
            "questions": [
                {
                    "fact": q.fact,
                    "facts": list(q.facts),
                    "text": q.text,
                    "label": q.label,
                    "decides": list(q.decides),
                }
                for q in self.questions
            ],
        }


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
            "kind": deadline.kind.value,
            "text": deadline.text,
            "days_left": deadline.days_left,
            "overdue": deadline.overdue,
            "urgent": deadline.urgent,
        },
        "outside_city_hall": result.outside_city_hall,
        "office": result.office,
        "place": result.place.name,
        "documents": list(result.documents),
        "forms": list(result.form_ids),
        "confirm_note": result.confirm_note,
    }
