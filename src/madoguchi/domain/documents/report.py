"""The JSON report of a bundle: forms, fields by source class, handwriting avoided, warnings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from madoguchi.domain.documents.fill import ERROR, FILLED, RESIDENT, UNMARKED, FilledForm
from madoguchi.domain.documents.layout import SOURCES

if TYPE_CHECKING:
    from madoguchi.domain.documents.bundle import BundleForm
    from madoguchi.domain.documents.cover import Visit


def form_counts(form: FilledForm) -> dict[str, Any]:
    """Return the counts of one filled form: pre-filled by source, left for the resident, empty.

    Check boxes the data decided to leave blank (another option applies) are listed as `unmarked`:
    the resident has nothing to write there, and nothing was written for them either.
    """
    prefilled = Counter(f.field.source for f in form.fields if f.status == FILLED)
    return {
        "fields": len(form.fields),
        "prefilled": sum(prefilled.values()),
        "prefilled_by_source": {source: prefilled.get(source, 0) for source in SOURCES if source != RESIDENT},
        "left_for_resident": sum(1 for f in form.fields if f.status == RESIDENT),
        "empty": [f.field.id for f in form.fields if f.status not in (FILLED, RESIDENT, UNMARKED)],
        "unmarked": [f.field.id for f in form.fields if f.status == UNMARKED],
        "characters_prefilled": sum(f.characters for f in form.fields),
    }


def form_report(form: BundleForm, numbers: Mapping[str, int]) -> dict[str, Any]:
    """Return the report entry of one form of the bundle."""
    filled = form.filled
    return {
        "form_id": filled.layout.form_id,
        "name": filled.layout.name,
        "department": form.department_name or filled.layout.department,
        "procedures": list(form.procedures),
        "pages": [form.first_page, form.last_page],
        **form_counts(filled),
        "resident_fields": [
            {"field_id": f.field.id, "label": f.field.label, "number": numbers[f.field.id],
             "page": form.first_page + f.field.page - 1}
            for f in filled.fields if f.field.id in numbers
        ],
        "overflow": [f.field.label for f in filled.attachments],
    }  # fmt: skip


def bundle_report(
    visit: Visit,
    forms: Sequence[BundleForm],
    numbers: Sequence[Mapping[str, int]],
    missing_layouts: Sequence[str],
    pages: int,
    size: int,
) -> dict[str, Any]:
    """Return the JSON-ready report of a bundle."""
    entries = [form_report(form, own) for form, own in zip(forms, numbers, strict=True)]
    return {
        "case_number": visit.case_number,
        "date": visit.today.isoformat(),
        "pages": pages,
        "bytes": size,
        "procedures_required": [p.id for p in visit.required],
        "forms": entries,
        "totals": _totals(entries),
        "warnings": _warnings(forms, missing_layouts),
    }


def _totals(entries: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    by_source: Counter[str] = Counter()
    for entry in entries:
        by_source.update(entry["prefilled_by_source"])
    return {
        "forms": len(entries),
        "fields": sum(e["fields"] for e in entries),
        "prefilled": sum(e["prefilled"] for e in entries),
        "prefilled_by_source": {source: by_source.get(source, 0) for source in SOURCES if source != RESIDENT},
        "left_for_resident": sum(e["left_for_resident"] for e in entries),
        "characters_prefilled": sum(e["characters_prefilled"] for e in entries),
    }


def _warnings(forms: Sequence[BundleForm], missing_layouts: Sequence[str]) -> dict[str, list[str]]:
    filled = [form.filled for form in forms]
    return {
        "overflow": [f"{form.layout.name}「{f.field.label}」" for form in filled for f in form.attachments],
        "missing_characters": sorted({c for form in filled for c in form.missing}),
        "errors": [
            f"{form.layout.name}「{f.field.label}」: {f.message}"
            for form in filled
            for f in form.fields
            if f.status == ERROR
        ],
        "missing_layouts": list(missing_layouts),
    }  # fmt: skip
