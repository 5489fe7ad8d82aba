"""The loaded form of a procedure pack: frozen dataclasses, no behaviour beyond lookups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from madoguchi.domain.rules import Expression, TypeSpec

if TYPE_CHECKING:
    from madoguchi.domain.packs.facts import Facts


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in a pack file; `line` is 1-based."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


class PackError(ValueError):
    """A pack that cannot be loaded; `problems` lists every problem with its file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        """Keep the problems; the message summarises them in Japanese."""
        super().__init__(f"手続パックに {len(problems)} 件の問題があります")
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Department:
    id: str
    name: str
    order: int


@dataclass(frozen=True, slots=True)
class Office:
    """Where a family goes: a department's counter in city hall, or an office outside it (offices.yaml)."""

    id: str
    name: str
    floor: str = ""
    counter: str = ""
    hours: str = ""
    phone: str = ""
    address: str = ""
    note: str = ""
    inside: bool = True


@dataclass(frozen=True, slots=True)
class FactSpec:
    """A declared fact: its type, where it comes from, and how to ask for it."""

    name: str
    type: str  # bool | int | number | string | date | list
    source: str  # registry | system | interview | derived
    label: str
    values: tuple[str, ...] = ()
    unit: str = ""
    question: str = ""
    help: str = ""

    @property
    def askable(self) -> bool:
        """Return whether the interview may ask this fact: an interview fact, or a register or
        system fact with a question (asked only while the register is silent about it)."""
        return self.source == "interview" or bool(self.question)

    @property
    def type_spec(self) -> TypeSpec:
        """Return the static type the condition checker uses."""
        if self.type == "list":
            return TypeSpec("list", item=TypeSpec("string", self.values))
        kind = "number" if self.type in ("int", "number") else self.type
        return TypeSpec(kind, self.values)


class DeadlineKind(StrEnum):
    """What passing a deadline means; the value is what the pack and JSON say."""

    LEGAL = "legal"  # 法定期限: a duty with a date (届出が遅れると過料などのおそれ)
    CLAIM = "claim"  # 時効: the right to claim expires; never extended by holidays
    IRREVERSIBLE = "irreversible"  # 相続放棄・国籍留保: once past, the choice is gone
    GUIDE = "guide"  # 目安: no statutory date

    @property
    def label(self) -> str:
        """Return the name staff see beside the date (期限 and 時効 told apart)."""
        return _KIND_LABELS[self]

    @property
    def resident_label(self) -> str:
        """Return the word printed before the date for the family."""
        return _KIND_RESIDENT_LABELS[self]


_KIND_LABELS = {
    DeadlineKind.LEGAL: "法定期限",
    DeadlineKind.CLAIM: "時効（請求できる期限）",
    DeadlineKind.IRREVERSIBLE: "取り返しのつかない期限",
    DeadlineKind.GUIDE: "目安",
}
_KIND_RESIDENT_LABELS = {
    DeadlineKind.LEGAL: "期限",
    DeadlineKind.CLAIM: "請求の時効",
    DeadlineKind.IRREVERSIBLE: "厳守の期限（過ぎると取り返しがつきません）",
    DeadlineKind.GUIDE: "目安",
}


@dataclass(frozen=True, slots=True)
class DeadlineRule:
    """How a procedure's deadline is counted from its anchor fact."""

    text: str
    kind: DeadlineKind
    anchors: tuple[str, ...] = ()
    unit: str | None = None  # days | months | years
    count: int = 0
    first_day: str = "excluded"  # included (戸籍法43条) | excluded (民法140条)
    # The closed-day calendar of the authority receiving the filing: municipal (地方自治法4条の2),
    # national (行政機関の休日に関する法律), tax (国税通則法10条2項), court (民事訴訟法95条3項), none.
    extension: str = "none"
    basis: str = ""


@dataclass(frozen=True, slots=True)
class DeadlineCase:
    """A deadline that replaces the procedure's own when its condition holds (国外出生は3か月など)."""

    when: Expression
    when_text: str
    rule: DeadlineRule


@dataclass(frozen=True, slots=True)
class FormUse:
    """A form a procedure prints: about which subject, with which of the layout's settings chosen."""

    form_id: str
    # The event's subject the form is about (its data is `person.*` in the layout); "" = the first subject.
    person: str = ""
    # The layout's settings as this procedure chooses them (異動の区分: 取得 …), read as `settings.*`;
    # None leaves the option unmarked for the counter to mark by hand (the pack cannot know it).
    settings: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True, slots=True)
class Procedure:
    """One procedure a life event may trigger."""

    id: str
    name: str
    kind: str
    event: str
    department: str
    outside_city_hall: bool
    office: str
    condition: Expression
    condition_text: str = ""
    # When this holds, the procedure is already done (届出済: the register shows it), whatever the condition.
    done_when: Expression | None = None
    done_text: str = ""
    applicant: str = ""
    deadline: DeadlineRule | None = None
    deadline_cases: tuple[DeadlineCase, ...] = ()
    documents: tuple[str, ...] = ()
    online: str = "no"
    online_channel: str = ""
    forms: tuple[FormUse, ...] = ()
    legal_basis: str = ""
    amount: str = ""
    last_verified: dt.date | None = None
    confidence: str = "high"
    sources: tuple[str, ...] = ()
    notes: str = ""
    # The outside office (an id of offices.yaml) the family goes to; "" = the department, or `office` text.
    place: str = ""
    # The office accepts a 法定相続情報一覧図の写し in place of the full set of 戸籍・除籍謄本.
    accepts_heir_info: bool = False


@dataclass(frozen=True, slots=True)
class Subject:
    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Checklist:
    """Yes/no facts asked on one screen: ticked means はい, left unticked いいえ (one fact per line)."""

    id: str
    question: str
    facts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Event:
    """A life event: who is involved, which procedures it may trigger, which questions come first."""

    id: str
    name: str
    summary: str
    subjects: tuple[Subject, ...]
    question_order: tuple[str, ...]
    procedures: tuple[str, ...]
    # The fact holding the event's date (child.birth_date …) and how the counter and forms call it.
    date_fact: str = ""
    date_label: str = "異動日"
    checklists: tuple[Checklist, ...] = ()


@dataclass(frozen=True, slots=True)
class Scenario:
    """A scenario test: facts in, expected statuses out."""

    name: str
    event: str
    on: dt.date
    facts: Facts
    required: tuple[str, ...] = ()
    not_needed: tuple[str, ...] = ()
    done: tuple[str, ...] = ()
    to_confirm: tuple[str, ...] = ()
    questions: tuple[str, ...] | None = None
    deadlines: Mapping[str, dt.date] = field(default_factory=dict)
    file: str = ""
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Pack:
    """A municipality's procedure pack, loaded and checked."""

    path: Path
    id: str
    name: str
    version: str
    valid_from: dt.date
    licence: str
    municipality_name: str
    municipality_code: str
    based_on: tuple[str, str] | None
    urgent_days: int
    departments: Mapping[str, Department]
    facts: Mapping[str, FactSpec]
    events: Mapping[str, Event]
    procedures: Mapping[str, Procedure]
    scenarios: tuple[Scenario, ...] = ()
    sources: Mapping[str, str] = field(default_factory=dict)
    # offices.yaml: each department's counter (by department id) and each outside office (by its id).
    offices: Mapping[str, Office] = field(default_factory=dict)
    city_hall: Office | None = None
    # The bereavement corner (おくやみコーナー): where the family sits and whom it phones afterwards.
    corner: Office | None = None

    def place_of(self, procedure: Procedure) -> Office:
        """Return where the family goes for the procedure: the one answer every screen and paper uses."""
        if procedure.place in self.offices:
            return self.offices[procedure.place]
        if procedure.outside_city_hall:
            return Office(id="", name=procedure.office, inside=False)
        department = self.departments[procedure.department]
        return self.offices.get(department.id) or Office(id=department.id, name=department.name)
