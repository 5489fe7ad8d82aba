"""The computed state of a visit: register facts, navigator result with staff overrides, next question.

Nothing here is stored: the navigator is re-run on every request from the case's people, answers
and overrides (microseconds), so the screen always shows what the database says.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from madoguchi.counter import facts as adapter
from madoguchi.counter.declared import Discrepancy, declared_discrepancies
from madoguchi.counter.formdata import FormQuestion, form_groups, form_inputs, value_label
from madoguchi.counter.models import Case, CasePerson
from madoguchi.counter.packs import current_layouts, current_pack
from madoguchi.counter.relations import printed_applicant, printed_relationship
from madoguchi.domain.navigator import Navigation, ProcedureResult, Question, Status, navigate
from madoguchi.domain.packs import Checklist, DeadlineKind, Facts, Pack
from madoguchi.registry.facts import household_members

STATUS_ORDER = (Status.REQUIRED, Status.TO_CONFIRM, Status.DONE, Status.NOT_NEEDED)
CONFIRMED_SOURCE = "住民確認時の住民記録"


def prints_form(procedure: ProcedureResult) -> bool:
    """Return whether the counter prints a form of the procedure (the pack has its layout)."""
    layouts = current_layouts()
    return any(form_id in layouts for form_id in procedure.form_ids)


@dataclass(frozen=True)
class CaseState:
    """Everything the interview screen shows, computed from the stored case."""

    pack: Pack
    people: tuple[CasePerson, ...]
    register_facts: tuple[adapter.Fact, ...]
    facts: Facts
    navigations: tuple[Navigation, ...]
    procedures: tuple[ProcedureResult, ...]
    questions: tuple[Question, ...]
    form_questions: tuple[FormQuestion, ...]
    # Every group of form values the needed forms ask, answered or not (staff can correct them).
    form_groups: tuple[FormQuestion, ...] = ()
    # Typed values that differ from the register: shown to staff beside the register's value.
    declared: tuple[Discrepancy, ...] = ()

    @property
    def next_question(self) -> Question | FormQuestion | None:
        """Return the one question to ask now: the navigator's first, then the forms' values."""
        if self.questions:
            return self.questions[0]
        return self.form_questions[0] if self.form_questions else None

    @property
    def required(self) -> tuple[ProcedureResult, ...]:
        """Return the procedures needed after staff overrides."""
        return tuple(p for p in self.procedures if p.status == Status.REQUIRED)

    def printed(self) -> tuple[ProcedureResult, ...]:
        """Return the needed procedures whose forms the counter prints (お作りする届出)."""
        return tuple(p for p in self.required if prints_form(p))

    def guided(self) -> tuple[ProcedureResult, ...]:
        """Return the needed procedures the counter only explains: automatic, outside, or without a form."""
        printed = set(self.printed())
        return tuple(p for p in self.required if p not in printed)

    @property
    def department_order(self) -> dict[str, int]:
        """Return each department's place in the pack's order (lists and printed bundles follow it)."""
        return {d: i for i, d in enumerate(self.pack.departments)}

    def grouped(self) -> list[tuple[str, list[ProcedureResult]]]:
        """Return procedures grouped by department, departments in pack order, needed ones first."""
        order = self.department_order
        rows = sorted(
            self.procedures, key=lambda p: (order.get(p.department, 99), STATUS_ORDER.index(p.status))
        )
        groups: dict[str, list[ProcedureResult]] = {}
        for row in rows:
            groups.setdefault(row.department_name, []).append(row)
        return list(groups.items())


def date_label(pack: Pack, events: Sequence[str]) -> str:
    """Return what the case's date is called for its events: 出生日, 異動日, 死亡日 (joined with ・)."""
    labels = [pack.events[e].date_label for e in events if e in pack.events]
    return "・".join(dict.fromkeys(labels)) or "できごとの日"


def checklist_of(pack: Pack, events: Sequence[str], checklist_id: str) -> Checklist | None:
    """Return the case's events' checklist with the id, or None."""
    for event in events:
        for checklist in pack.events[event].checklists if event in pack.events else ():
            if checklist.id == checklist_id:
                return checklist
    return None


def subject_labels(pack: Pack, events: Sequence[str]) -> dict[str, str]:
    """Return the label of every role of the case's events (生まれた子, 転入する人 …)."""
    return {s.id: s.label for e in events if e in pack.events for s in pack.events[e].subjects}


def case_people(case: Case) -> list[CasePerson]:
    """Return the case's people with their register records."""
    return list(case.people.select_related("resident__household"))


def to_person(person: CasePerson) -> adapter.Person:
    """Return the facts adapter's view of a person of the visit."""
    if person.resident is not None:
        return adapter.subject_from_resident(person.resident)
    return adapter.Person(
        key=f"typed:{person.pk}",
        name=person.name,
        kana=person.kana,
        birth_date=person.birth_date,
        sex=person.sex,
    )


def register_facts(case: Case, people: Sequence[CasePerson], today: dt.date) -> list[adapter.Fact]:
    """Return the facts the register (and the event itself) gives for every event of the case."""
    found: list[adapter.Fact] = []
    for event in case.events:
        if event == "death":
            found += _death(case, people)
        elif event in adapter.MOVE_TYPES:
            movers = [to_person(p) for p in people if p.role == "movers"]
            found += adapter.move_facts(event, movers, case.event_date or today)
        elif event == "birth" and case.event_date is not None:
            parents = [to_person(p) for p in people if p.role == "parents"]
            child = next((to_person(p) for p in people if p.role == "child"), None)
            found += adapter.birth_facts(parents, case.event_date, child)
        elif event in ("marriage", "divorce"):
            if case.event_date is not None:
                # The date staff recorded at reception is the event's: never asked again.
                found.append(adapter.Fact(f"{event}.date", case.event_date, SPOUSE_EVENT_DATES[event]))
            found += _spouse_event(event, people, case.event_date or today)
    return found


SPOUSE_EVENT_DATES = {"marriage": "受付で記録した婚姻日", "divorce": "受付で記録した離婚日"}


def _spouse_event(event: str, people: Sequence[CasePerson], on: dt.date) -> list[adapter.Fact]:
    role = "renamed" if event == "marriage" else "leaver"
    person = next((p for p in people if p.role == role), None)
    if person is None:
        return []
    members = household_members(person.resident) if person.resident is not None else []
    household = [adapter.person_from_resident(m) for m in members]
    build = adapter.marriage_facts if event == "marriage" else adapter.divorce_facts
    return build(to_person(person), household, on)


def _death(case: Case, people: Sequence[CasePerson]) -> list[adapter.Fact]:
    deceased = next((p for p in people if p.role == "deceased"), None)
    if deceased is None or case.event_date is None:
        return []
    members = household_members(deceased.resident) if deceased.resident is not None else []
    household = [adapter.person_from_resident(m) for m in members]
    return adapter.death_facts(to_person(deceased), household, case.event_date)


def case_state(case: Case, *, today: dt.date | None = None) -> CaseState:
    """Compute the facts, procedures (overrides applied) and next questions of the case."""
    today = today or timezone.localdate()
    pack = current_pack()
    people = tuple(case_people(case))
    if case.stage in (Case.Stage.CONFIRMED, Case.Stage.CLOSED) and case.confirmed_facts:
        # What the resident confirmed stays what is decided and printed, whatever the register says since.
        facts = Facts.checked(pack.facts, case.confirmed_facts)
        known = _confirmed_register_facts(facts, case.answers)
    else:
        known = register_facts(case, people, today)
        facts = Facts.checked(pack.facts, {f.name: f.value for f in known}).updated(pack.facts, case.answers)
    navigations = tuple(navigate(pack, event, facts, today) for event in case.events)
    asked = set(case.answers)
    questions = _questions(navigations, asked, set(case.overrides))
    procedures = _with_confirm_notes(_overridden(navigations, case.overrides), questions)
    forms = _needed_layouts(procedures)
    filled = {**_people_paths(people), **case.form_values}
    inputs = form_inputs(forms, _form_uses(procedures))
    for_forms, groups = form_groups(inputs, filled), form_groups(inputs, {})
    declared = declared_discrepancies(
        people=people,
        form_values=case.form_values,
        form_people=case.form_people,
        labels={path: value_label(path, inputs) for path in case.form_people if path in inputs},
        role_labels=subject_labels(pack, case.events),
    )
    return CaseState(
        pack, people, tuple(known), facts, navigations, procedures, questions, for_forms, groups, declared
    )


def _confirmed_register_facts(facts: Facts, answers: dict[str, Any]) -> list[adapter.Fact]:
    return [
        adapter.Fact(name, value, CONFIRMED_SOURCE) for name, value in facts.items() if name not in answers
    ]


def _overridden(navigations: Sequence[Navigation], overrides: dict[str, Any]) -> tuple[ProcedureResult, ...]:
    seen: dict[str, ProcedureResult] = {}
    for navigation in navigations:
        for result in navigation.procedures:
            override = overrides.get(result.id)
            if override and override.get("status") in (Status.REQUIRED, Status.NOT_NEEDED):
                note = f"職員の判断: {override.get('reason', '')}"
                result = dataclasses.replace(
                    result, status=Status(override["status"]), reasons=(*result.reasons, note)
                )
            seen.setdefault(result.id, result)
    return tuple(seen.values())


def settle_groups(state: CaseState) -> list[tuple[str, list[ProcedureResult]]]:
    """Return the procedures left 要確認 that no question can decide, by department, for staff to settle."""
    if state.questions:
        return []
    left = [
        (name, [p for p in rows if p.status == Status.TO_CONFIRM and p.confirm_note])
        for name, rows in state.grouped()
    ]
    return [(name, rows) for name, rows in left if rows]


def confirm_note(result: ProcedureResult) -> str:
    """Return whom the family asks about a procedure no remaining question can decide."""
    whom = result.place.name if result.outside_city_hall else f"{result.place.name}の窓口"
    return f"窓口でご確認ください（{whom}）"


def _with_confirm_notes(
    procedures: Sequence[ProcedureResult], questions: Sequence[Question]
) -> tuple[ProcedureResult, ...]:
    # A procedure still 要確認 that no question left can decide is printed with whom to ask.
    open_ids = {procedure_id for question in questions for procedure_id in question.decides}
    return tuple(
        dataclasses.replace(p, confirm_note=confirm_note(p))
        if p.status == Status.TO_CONFIRM and p.id not in open_ids
        else p
        for p in procedures
    )


def _questions(navigations: Sequence[Navigation], asked: set[str], decided: set[str]) -> tuple[Question, ...]:
    # A question that decides only procedures staff already decided (overrides) is not asked.
    found: dict[str, Question] = {}
    for navigation in navigations:
        for question in navigation.questions:
            if question.decides and set(question.decides) <= decided:
                continue
            left = question.without(asked)
            if left is not None:
                found.setdefault(left.fact, left)
    return tuple(found.values())


def _needed_layouts(procedures: Sequence[ProcedureResult]) -> list[Any]:
    layouts = current_layouts()
    ids = dict.fromkeys(
        f for p in procedures if p.status == Status.REQUIRED for f in p.form_ids if f in layouts
    )
    return [layouts[f] for f in ids]


def _form_uses(procedures: Sequence[ProcedureResult]) -> dict[str, list[dict[str, object]]]:
    """Return the settings each needed form is printed with, by form id."""
    uses: dict[str, list[dict[str, object]]] = {}
    for procedure in procedures:
        if procedure.status == Status.REQUIRED:
            for use in procedure.forms:
                uses.setdefault(use.form_id, []).append({"settings": dict(use.settings)})
    return uses


def _people_paths(people: Sequence[CasePerson]) -> dict[str, object]:
    """Return the data paths the people already give (a phone typed, a 続柄 typed or derived)."""
    paths: dict[str, object] = {}
    for person in people:
        if person.phone:
            paths[f"{person.role}.phone"] = person.phone
    applicant = printed_applicant(people)
    if applicant is not None:
        if applicant.phone:
            paths["applicant.phone"] = applicant.phone
        relation = printed_relationship(applicant, people)
        if relation:
            paths["applicant.relationship"] = relation
    return paths


# What a task or a print record keeps of a procedure: a snapshot, so no days-left figure that ages.
SNAPSHOT_KEYS = (
    "id", "name", "department", "department_name", "status", "reasons", "documents", "forms",
    "outside_city_hall", "office", "place",
)  # fmt: skip


def procedure_json(result: ProcedureResult) -> dict[str, Any]:
    """Return what a task or a print record keeps of a procedure."""
    full = result.to_json()
    snapshot = {key: full[key] for key in SNAPSHOT_KEYS}
    deadline = full["deadline"]
    snapshot["deadline"] = (
        None
        if deadline is None
        else {
            "date": deadline["date"],
            "kind": deadline["kind"],
            "kind_name": DeadlineKind(deadline["kind"]).label,
            "text": deadline["text"],
        }
    )
    return snapshot
