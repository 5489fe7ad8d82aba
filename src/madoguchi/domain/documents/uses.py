"""A form as one procedure prints it: the subject it is about, the settings it marks, its event.

A layout reads three names besides the case data (docs/form-layout.md):

- `person.*` — the event's subject the form is about (the newborn for a birth, the deceased …),
- `settings.*` — the options the printing procedure chose (異動の区分: 取得 …),
- `event.*` — the life event: `id`, `name`, `date` (出生日・異動日・死亡日) and `date_label`.

`check_form_uses` is what `madoguchi pack check` runs to refuse a form used by a procedure it
cannot serve.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from madoguchi.domain.documents.layout import FormLayout
from madoguchi.domain.packs import Event, FormUse, Pack, Problem

# The names a layout reads that the printing procedure, not the case data, gives.
CONTEXT_ROOTS = frozenset({"person", "settings", "event"})
# The person who comes to the counter: every event's data has one (the first parent or mover if none).
ALWAYS_PRESENT = frozenset({"applicant"})


def person_id(use: FormUse, event: Event | None) -> str:
    """Return the subject id a form is about: its own `person`, else the event's first subject."""
    if use.person or event is None or not event.subjects:
        return use.person
    return event.subjects[0].id


def form_data(data: Mapping[str, Any], use: FormUse, event: Event | None) -> dict[str, Any]:
    """Return the case data with `person`, `settings` and `event` as this use of the form sees them."""
    person = _lookup(data, person_id(use, event)) if person_id(use, event) else None
    if isinstance(person, list):
        person = person[0] if person else None
    return {
        **data,
        "person": person if isinstance(person, Mapping) else {},
        "settings": dict(use.settings),
        "event": event_data(data, event),
    }


def event_data(data: Mapping[str, Any], event: Event | None) -> dict[str, Any]:
    """Return the event as forms read it; its date is the event's date fact found in the data."""
    if event is None:
        return dict(data.get("event") or {})
    return {
        "id": event.id,
        "name": event.name,
        "date": _lookup(data, event.date_fact) if event.date_fact else None,
        "date_label": event.date_label,
    }


def _lookup(data: Mapping[str, Any], path: str) -> Any:
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def check_form_uses(pack: Pack, layouts: Mapping[str, FormLayout]) -> list[Problem]:
    """Return a problem for every procedure whose form cannot serve it (settings, subjects)."""
    problems: list[Problem] = []
    subjects_anywhere = {s.id for event in pack.events.values() for s in event.subjects}
    for event in pack.events.values():
        file = str(pack.path / "events" / f"{event.id}.yaml")
        own = {s.id for s in event.subjects} | ALWAYS_PRESENT
        for procedure_id in event.procedures:
            for use in pack.procedures[procedure_id].forms:
                layout = layouts.get(use.form_id)
                if layout is None:
                    continue
                where = f"手続「{procedure_id}」の様式「{use.form_id}」"
                found = _setting_problems(layout, use) + _subject_problems(layout, own, subjects_anywhere)
                line = _forms_line(file, procedure_id) if found else None
                problems += [Problem(file, line, f"{where}: {message}") for message in found]
    return problems


def _forms_line(file: str, procedure_id: str) -> int | None:
    """Return the line of the procedure's `forms:` in its event file, for the problem's file:line."""
    try:
        lines = Path(file).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    start = next((n for n, text in enumerate(lines) if text.strip() == f"- id: {procedure_id}"), None)
    if start is None:
        return None
    return next((n + 1 for n in range(start + 1, len(lines)) if lines[n].strip().startswith("forms:")), None)


def _setting_problems(layout: FormLayout, use: FormUse) -> list[str]:
    chosen = dict(use.settings)
    found = []
    for name, allowed in layout.settings:
        if name not in chosen:
            found.append(f"settings の「{name}」がありません（{'・'.join(allowed)} のどれか）")
        elif chosen[name] is not None and chosen[name] not in allowed:
            found.append(
                f"settings の {name}「{chosen[name]}」はこの様式にない選択肢です（{'・'.join(allowed)}）"
            )
    declared = {name for name, _ in layout.settings}
    found += [f"settings の「{name}」はこの様式にありません" for name in chosen if name not in declared]
    return found


def _subject_problems(layout: FormLayout, own: set[str], subjects_anywhere: set[str]) -> list[str]:
    # A layout reading another event's subject (deceased.* for a birth) would print blanks.
    roots = {name.split(".")[0] for field in layout.fields if field.value for name in field.value.fact_names}
    foreign = sorted((roots & subjects_anywhere) - own)
    return [f"このイベントにいない「{root}」の値を読みます（person.* を使ってください）" for root in foreign]
