"""The bundle for one visit: cover sheet, every form the required procedures name, signature guide.

Forms come in department order; every page footer carries the case number and the page number.
A JSON-ready report comes with the PDF (forms, fields pre-filled by source class, fields left for
the resident, characters pre-filled, warnings).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from madoguchi.domain.documents.compose import PageSpec, compose
from madoguchi.domain.documents.cover import Visit, cover_lines, guide_lines
from madoguchi.domain.documents.draw import Mark
from madoguchi.domain.documents.fill import FilledForm, fill_form
from madoguchi.domain.documents.fonts import FontPaths, FontSet, font_set
from madoguchi.domain.documents.layout import FormLayout
from madoguchi.domain.documents.loader import cached_layouts
from madoguchi.domain.documents.render import form_pages
from madoguchi.domain.documents.report import bundle_report
from madoguchi.domain.documents.sheets import page_drawers
from madoguchi.domain.documents.uses import form_data
from madoguchi.domain.navigator import Navigation, Status
from madoguchi.domain.packs import DeadlineKind, Event, FormUse, Office, Pack


class DeadlineLike(Protocol):
    """What the bundle reads of a navigator Deadline."""

    @property
    def date(self) -> dt.date | None: ...
    @property
    def kind(self) -> DeadlineKind: ...
    @property
    def text(self) -> str: ...
    @property
    def days_left(self) -> int | None: ...
    @property
    def overdue(self) -> bool: ...


class ProcedureLike(Protocol):
    """What the bundle reads of a navigator ProcedureResult."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def department(self) -> str: ...
    @property
    def department_name(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def deadline(self) -> DeadlineLike | None: ...
    @property
    def outside_city_hall(self) -> bool: ...
    @property
    def office(self) -> str: ...
    @property
    def documents(self) -> tuple[str, ...]: ...
    @property
    def forms(self) -> tuple[FormUse, ...]: ...
    @property
    def place(self) -> Office: ...
    @property
    def event(self) -> str: ...
    @property
    def confirm_note(self) -> str: ...


@dataclass(frozen=True, slots=True)
class BundleForm:
    """One form in the bundle, the procedures that need it and its pages."""

    filled: FilledForm
    procedures: tuple[str, ...]
    department_name: str
    first_page: int
    last_page: int


@dataclass(frozen=True, slots=True)
class Bundle:
    """The finished bundle: PDF, forms with their pages, marks and the JSON-ready report."""

    pdf: bytes
    forms: tuple[BundleForm, ...]
    marks: tuple[Mark, ...]
    pages: int
    report: dict[str, Any]


def render_bundle(
    procedures: Sequence[ProcedureLike],
    layouts: Mapping[str, FormLayout],
    data: Mapping[str, Any],
    *,
    today: dt.date,
    department_order: Mapping[str, int],
    title: str = "手続のご案内",
    municipality: str = "",
    extra_forms: Sequence[str] = (),
    events: Mapping[str, Event] | None = None,
    fonts: FontPaths = FontPaths(),  # noqa: B008 - frozen, hashable default
) -> Bundle:
    """Render the cover sheet, the forms of the required procedures and the signature guide.

    A form is filled once per distinct use (subject, settings, event): a death that needs one
    国民健康保険異動届 for the deceased (喪失) and one for the spouse (取得) prints both.
    """
    font_cache = font_set(fonts)
    ordered = sorted_required(procedures, department_order)
    filled, missing_layouts = fill_forms(ordered, layouts, data, today, extra_forms, events, font_cache)
    numbers = resident_numbers([f for f, _, _ in filled])
    case_number = str(data.get("case_number") or "")
    visit = Visit(title, municipality, case_number, today, data, tuple(procedures), tuple(ordered))
    pages, forms = _assemble(visit, filled, numbers, font_cache)
    footer = (lambda n, total: f"受付番号 {case_number}　{n} / {total}ページ") if case_number else None
    composed = compose(pages, font_cache, title=f"{title} {case_number}".strip(), footer=footer)
    report = bundle_report(visit, forms, numbers, missing_layouts, composed.pages, len(composed.pdf))
    return Bundle(composed.pdf, tuple(forms), composed.marks, composed.pages, report)


def render_visit_bundle(
    pack: Pack,
    navigation: Navigation,
    data: Mapping[str, Any],
    *,
    extra_forms: Sequence[str] = (),
    fonts: FontPaths = FontPaths(),  # noqa: B008 - frozen, hashable default
) -> Bundle:
    """Render the bundle of a navigated visit with the pack's own forms and department order."""
    event = pack.events.get(navigation.event)
    title = f"{event.name} 手続のご案内" if event else "手続のご案内"
    return render_bundle(
        navigation.procedures,
        cached_layouts(pack.path / "forms"),
        data,
        today=navigation.today,
        department_order={d.id: d.order for d in pack.departments.values()},
        title=title,
        municipality=pack.municipality_name,
        extra_forms=extra_forms,
        events=pack.events,
        fonts=fonts,
    )


def fill_forms(
    ordered: Sequence[ProcedureLike],
    layouts: Mapping[str, FormLayout],
    data: Mapping[str, Any],
    today: dt.date,
    extra_forms: Sequence[str],
    events: Mapping[str, Event] | None,
    fonts: FontSet,
) -> tuple[list[tuple[FilledForm, tuple[str, ...], str]], list[str]]:
    """Fill each distinct use of a form once: (filled form, procedure ids, department name), missing ids."""
    picked, missing_layouts = pick_forms(ordered, layouts, extra_forms)
    known = events or {}
    filled = [
        (fill_form(layouts[use.form_id], form_data(data, use, known.get(event)), today, fonts), pids, dept)
        for (use, event), pids, dept in picked
    ]
    return filled, missing_layouts


def sorted_required(
    procedures: Sequence[ProcedureLike], department_order: Mapping[str, int]
) -> list[ProcedureLike]:
    """Return the required procedures in department order, keeping pack order within a department."""
    required = [p for p in procedures if p.status == Status.REQUIRED]
    last = len(department_order)
    return sorted(required, key=lambda p: department_order.get(p.department, last))


Use = tuple[FormUse, str]  # a form use and the event of the procedure printing it


def pick_forms(
    ordered: Sequence[ProcedureLike], layouts: Mapping[str, FormLayout], extra_forms: Sequence[str]
) -> tuple[list[tuple[Use, tuple[str, ...], str]], list[str]]:
    """Return (use, procedure ids, department name) once per distinct use, and form ids with no layout."""
    first_event = ordered[0].event if ordered else ""
    picked: dict[Use, tuple[list[str], str]] = {
        (FormUse(fid), first_event): ([], "") for fid in extra_forms if fid in layouts
    }
    missing = [fid for fid in extra_forms if fid not in layouts]
    for procedure in ordered:
        for use in procedure.forms:
            if use.form_id not in layouts:
                missing.append(use.form_id)
                continue
            entry = picked.setdefault((use, procedure.event), ([], procedure.department_name))
            entry[0].append(procedure.id)
    return [(key, tuple(pids), dept) for key, (pids, dept) in picked.items()], sorted(set(missing))


def resident_numbers(forms: Sequence[FilledForm]) -> list[dict[str, int]]:
    """Number every field the resident must write, ①② … across the bundle, form by form."""
    numbers: list[dict[str, int]] = []
    counter = 0
    for form in forms:
        own: dict[str, int] = {}
        for filled in form.fields:
            if filled.field.for_resident:
                counter += 1
                own[filled.field.id] = counter
        numbers.append(own)
    return numbers


def _assemble(
    visit: Visit,
    filled: list[tuple[FilledForm, tuple[str, ...], str]],
    numbers: list[dict[str, int]],
    fonts: FontSet,
) -> tuple[list[PageSpec], list[BundleForm]]:
    """Lay out cover, forms and guide; the cover is redone until its own length is stable."""
    form_pages_list = [
        form_pages(form, own, fonts) for (form, _, _), own in zip(filled, numbers, strict=True)
    ]
    cover_count = 1
    for _ in range(3):
        forms = _place(filled, form_pages_list, first_page=cover_count + 1)
        cover = page_drawers(cover_lines(visit, forms), fonts)
        if len(cover) == cover_count:
            break
        cover_count = len(cover)
    guide = page_drawers(guide_lines(forms, numbers), fonts)
    pages = [PageSpec(None, draw) for draw in cover]
    pages += [page for group in form_pages_list for page in group]
    pages += [PageSpec(None, draw) for draw in guide]
    return pages, forms


def _place(
    filled: list[tuple[FilledForm, tuple[str, ...], str]], groups: list[list[PageSpec]], first_page: int
) -> list[BundleForm]:
    forms: list[BundleForm] = []
    page = first_page
    for (form, pids, dept), group in zip(filled, groups, strict=True):
        forms.append(BundleForm(form, pids, dept, page, page + len(group) - 1))
        page += len(group)
    return forms
