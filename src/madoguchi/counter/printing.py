"""Print the bundle (documents package) and the resident's checklist of what remains (reportlab)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from madoguchi.audit.services import audit_record
from madoguchi.counter import facts as adapter
from madoguchi.counter.formdata import FormQuestion, person_values
from madoguchi.counter.models import Case, CasePerson, PrintRecord, Task
from madoguchi.counter.packs import current_layouts, font_paths
from madoguchi.counter.relations import printed_applicant, printed_relationship
from madoguchi.counter.state import CaseState, case_state
from madoguchi.domain.documents import font_set
from madoguchi.domain.documents.fill import FilledForm
from madoguchi.domain.documents.handbook import deadline_line, group_by_place
from madoguchi.domain.japanese import format_wareki
from madoguchi.domain.navigator import ProcedureResult
from madoguchi.registry.facts import department_numbers, household_members

if TYPE_CHECKING:
    from madoguchi.accounts.models import Staff


def bundle_data(case: Case, state: CaseState, people: Sequence[CasePerson]) -> dict[str, Any]:
    """Return the data the forms read: people by role, register facts, answers and form values."""
    dates = {state.pack.events[e].date_fact for e in case.events if e in state.pack.events}
    return forms_data(
        facts=state.facts,
        date_facts=dates,
        people=people,
        answers=case.answers,
        form_values=case.form_values,
        case_number=case.number,
    )


def forms_data(
    *,
    facts: Mapping[str, Any],
    date_facts: set[str],
    people: Sequence[CasePerson],
    answers: Mapping[str, Any],
    form_values: Mapping[str, Any],
    case_number: str,
) -> dict[str, Any]:
    """Return the forms' data from facts, the people of the visit (saved or not) and the answers."""
    flat: dict[str, Any] = {
        name: value for name, value in facts.items() if name.startswith("deceased.") or name in date_facts
    }
    for person in _printed_people(people):
        flat.update({f"{person.role}.{k}": v for k, v in person_data(person, people).items()})
    flat.update({k: v for k, v in answers.items() if k.startswith("answers.") and v is not None})
    flat.update(form_values)
    data = _nested(flat)
    data["case_number"] = case_number
    for role in LISTED_ROLES:
        data[role] = [person_data(p, people) for p in people if p.role == role]
    data["household"] = {**data.get("household", {}), **_household_data(people)}
    return data


# Roles that may hold several people: forms about "the" person take the first (person.* in a layout).
LISTED_ROLES = ("movers", "parents")


def _nested(flat: dict[str, Any]) -> dict[str, Any]:
    """Return the forms' data tree (layouts read dotted paths into it; dates as ISO text)."""
    root: dict[str, Any] = {}
    for name, value in flat.items():
        *parents, leaf = name.split(".")
        node = root
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value.isoformat() if isinstance(value, dt.date) else value
    return root


def _printed_people(people: Sequence[CasePerson]) -> list[CasePerson]:
    """Return one person per single role; without an applicant, the first mover or parent applies."""
    chosen = {p.role: p for p in reversed(people) if p.role not in LISTED_ROLES}
    applicant = printed_applicant(people)
    if applicant is not None:
        chosen["applicant"] = applicant
    return list(chosen.values())


def case_filled_forms(case: Case, state: CaseState, today: dt.date) -> list[FilledForm]:
    """Return the forms the case's bundle prints, filled as printing fills them (no PDF drawn)."""
    from madoguchi.domain.documents.bundle import fill_forms, sorted_required

    filled, _ = fill_forms(
        sorted_required(state.procedures, state.department_order),
        current_layouts(),
        bundle_data(case, state, state.people),
        today,
        (),
        state.pack.events,
        font_set(font_paths()),
    )
    return [form for form, _, _ in filled]


def one_click_values(
    question: FormQuestion, person: CasePerson, people: Sequence[CasePerson]
) -> dict[str, object]:
    """Return the values of a form question that a person of the visit fills with one click."""
    return person_values(question, person_data(person, people))


def person_data(person: CasePerson, people: Sequence[CasePerson]) -> dict[str, Any]:
    """Return what the forms read of a person of the visit: register data first, then what was typed."""
    data = {
        "name": person.name,
        "kana": person.kana,
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "sex": person.sex,
        "address": person.address,
        "postal_code": person.postal_code,
        "phone": person.phone,
        "relationship": printed_relationship(person, people),
    }
    resident = person.resident
    if resident is not None:
        data["honseki"] = resident.honseki
        data["hittosha"] = resident.hittosha
        # 国保記号番号・介護保険被保険者番号 …: the departments' own numbers, when the city imports them.
        data.update(department_numbers(resident.atena_no))
    elif person.role == "child" and not person.address:
        # A newborn lives where the parent lives (出生届 records the child into that household).
        parent = next((p for p in people if p.role == "parents" and p.address), None)
        if parent is not None:
            data.update(address=parent.address, postal_code=parent.postal_code)
    return {k: v for k, v in data.items() if v not in (None, "")}


def _household_data(people: Sequence[CasePerson]) -> dict[str, Any]:
    """Return the household the forms name: its head, address and children, from the register."""
    anchor = next((p for p in people if p.role == "deceased" and p.resident is not None), None)
    anchor = anchor or next((p for p in people if p.role != "applicant" and p.resident is not None), None)
    typed = next((p for p in people if p.role != "applicant" and p.address), None)
    found: dict[str, Any] = {}
    if typed is not None:  # a mover's new address, typed at the counter
        found.update(address=typed.address, postal_code=typed.postal_code)
    if anchor is None or anchor.resident is None:
        # Typed in only (a move-in): the head is the mover typed as 世帯主.
        heads = [p.name for p in people if p.role != "applicant" and p.relationship == adapter.HEAD]
        found["head_name"] = heads[0] if heads else ""
        return {k: v for k, v in found.items() if v}
    members = household_members(anchor.resident)
    head = next((m for m in members if m.relation == adapter.HEAD), None)
    children = [m.name for m in members if m.relation == "子" and m.status == 1]
    found.update(address=anchor.address, postal_code=anchor.postal_code)
    found.update(head_name=head.name if head else "", children=children)
    return {k: v for k, v in found.items() if v not in (None, "")}


def case_print(
    *, case: Case, actor: Staff, client_address: str = "", disclosed: dict[str, Any] | None = None
) -> tuple[PrintRecord, bytes]:
    """Render the bundle, keep what was used as a new print version, and audit the print."""
    from madoguchi.domain.documents.bundle import render_bundle

    if case.stage not in (Case.Stage.CONFIRMED, Case.Stage.CLOSED):
        raise ValueError("住民の確認が済んでいないため印刷できません")
    state = case_state(case)
    data = bundle_data(case, state, state.people)
    bundle = render_bundle(
        state.procedures,
        current_layouts(),
        data,
        today=timezone.localdate(),
        department_order=state.department_order,
        municipality=state.pack.municipality_name,
        events=state.pack.events,
        fonts=font_paths(),
    )
    with transaction.atomic():
        record = _print_record(case, state, data, bundle.report, actor)
        audit_record(
            action="document.print",
            actor=actor,
            subject=case.subject,
            client_address=client_address,
            detail={
                "kind": "bundle",
                "version": record.version,
                "forms": record.forms,
                "pages": bundle.pages,
                **(disclosed or {}),
            },
        )
    return record, bundle.pdf


def _print_record(
    case: Case, state: CaseState, data: dict[str, Any], report: dict[str, Any], actor: Staff
) -> PrintRecord:
    Case.objects.select_for_update().filter(pk=case.pk).first()
    latest = case.prints.aggregate(v=Max("version"))["v"] or 0
    record = PrintRecord.objects.create(
        case=case,
        version=latest + 1,
        pack_id=state.pack.id,
        pack_version=state.pack.version,
        forms=[f["form_id"] for f in report.get("forms", [])],
        procedures=[p.id for p in state.required],
        facts=case.confirmed_facts or {},
        answers={"answers": case.answers, "form_values": case.form_values, "overrides": case.overrides},
        data=data,
        report=report,
        printed_by=actor,
    )
    Case.objects.filter(pk=case.pk, printed_at__isnull=True).update(printed_at=record.printed_at)
    return record


@dataclass(frozen=True)
class Remaining:
    """What the family still has to do after the visit, and the forms the counter printed for it."""

    procedures: tuple[ProcedureResult, ...]
    follow_up: dict[str, dt.date]
    printed_forms: tuple[str, ...]


def case_remaining(case: Case, state: CaseState) -> Remaining:
    """Return the procedures outside city hall and the deferred tasks, with their follow-up dates."""
    deferred = dict(
        case.tasks.filter(status=Task.Status.DEFERRED).values_list("procedure_id", "follow_up_on")
    )
    layouts = current_layouts()
    printed = {layouts[f].name for p in state.required for f in p.form_ids if f in layouts}
    return Remaining(
        procedures=tuple(p for p in state.required if p.outside_city_hall or p.id in deferred),
        follow_up={pid: on for pid, on in deferred.items() if on is not None},
        printed_forms=tuple(sorted(printed)),
    )


def checklist_pdf(
    *, case: Case, actor: Staff, client_address: str = "", disclosed: dict[str, Any] | None = None
) -> bytes:
    """Draw the personal checklist (A4, IPAex Gothic embedded) and audit the print."""
    remaining = case_remaining(case, case_state(case))
    pdf = _draw_checklist(case, remaining, timezone.localdate())
    audit_record(
        action="document.print",
        actor=actor,
        subject=case.subject,
        client_address=client_address,
        detail={"kind": "checklist", "items": len(remaining.procedures), **(disclosed or {})},
    )
    return pdf


def _font() -> str:
    # The forms' IPAex Gothic, registered once with reportlab for the whole process.
    return font_set(font_paths()).name("ゴシック")


class _Writer:
    """A top-down text writer that starts a new page when the current one is full."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.y = A4[1] - 20 * mm

    def line(self, text: str, size: float = 10.5, indent: float = 0, gap: float = 1.6) -> None:
        for part in _wrap(text, size, 174 * mm - indent):
            if self.y < 20 * mm:
                self.canvas.showPage()
                self.y = A4[1] - 20 * mm
            self.canvas.setFont(_font(), size)
            self.canvas.drawString(18 * mm + indent, self.y, part)
            self.y -= size * gap


def _wrap(text: str, size: float, width: float) -> list[str]:
    parts, current = [], ""
    for char in text:
        if current and pdfmetrics.stringWidth(current + char, _font(), size) > width:
            parts.append(current)
            current = "　"
        current += char
    return [*parts, current]


def _draw_checklist(case: Case, remaining: Remaining, today: dt.date) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(f"これからの手続チェックリスト {case.number}")
    out = _Writer(canvas)
    out.line("これからの手続チェックリスト", size=17, gap=2)
    out.line(f"受付番号 {case.number}　作成日 {format_wareki(today)}")
    names = [p.name for p in case.people.filter(role="deceased")]
    if names:
        out.line(f"亡くなった方　{'、'.join(names)} 様", size=12)
    if not remaining.procedures:
        out.line("市役所でお手続きいただくものは、本日すべて終わりました。", size=12, gap=2)
    number = 0
    for group in group_by_place(remaining.procedures, printed_forms=remaining.printed_forms):
        out.y -= 8
        out.line(f"【{group.place.name}】", size=13.5)
        where = "　".join(x for x in (group.place.floor, group.place.counter) if x)
        contact = "　".join(x for x in (where, f"電話 {group.place.phone}" if group.place.phone else "") if x)
        if contact:
            out.line(contact, indent=4 * mm)
        for procedure in group.procedures:
            number += 1
            _draw_item(out, number, procedure, remaining.follow_up.get(procedure.id), today)
        things = "、".join(t.text() for t in group.things) or "—"
        out.line(f"持ち物: {things}", indent=6 * mm)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_item(
    out: _Writer, number: int, procedure: ProcedureResult, follow_up: dt.date | None, today: dt.date
) -> None:
    out.y -= 3
    out.line(f"□ {number}. {procedure.name}", size=12.5)
    out.line(deadline_line(procedure, today), indent=6 * mm)
    if follow_up is not None:
        out.line(f"市役所での後日対応日: {format_wareki(follow_up)}", indent=6 * mm)
