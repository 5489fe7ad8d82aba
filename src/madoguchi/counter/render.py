"""The live procedure list as HTML, built in Python: it has 20–70 rows and is redrawn on every answer.

The same markup in a template loop cost ~30 ms per page (thousands of variable lookups); built
from f-strings it is about a millisecond. Every value from the pack or the case goes through
``escape`` before it is placed in the markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

from madoguchi.counter.state import KIND_NAMES, STATUS_NAMES, CaseState
from madoguchi.domain.japanese import format_wareki
from madoguchi.domain.navigator import ProcedureResult


def procedure_list_html(state: CaseState) -> SafeString:
    """Return the procedures grouped by department, each with status, deadline, reasons, documents."""
    html = "".join(_group(name, rows) for name, rows in state.grouped())
    return mark_safe(html)  # noqa: S308 - every value inside was escaped


def _group(department: str, rows: Sequence[ProcedureResult]) -> str:
    items = "".join(_row(row) for row in rows)
    return f'<h3>{escape(department)}</h3><ul class="procedure-list">{items}</ul>'


def _classes(row: ProcedureResult) -> str:
    classes = f"procedure procedure--{row.status}"
    deadline = row.deadline
    if deadline is not None and (deadline.urgent or deadline.overdue):
        classes += " procedure--urgent"
    if deadline is not None and deadline.kind == "irreversible":
        classes += " procedure--irreversible"
    return classes


def _row(row: ProcedureResult) -> str:
    place = "庁外" if row.outside_city_hall else "市役所内"
    status = escape(row.status)
    label = STATUS_NAMES[row.status]
    head = (
        f'<div class="procedure__head"><span class="status status--{status}">{label}</span> '
        f'<strong>{escape(row.name)}</strong> <span class="badge">{place}</span></div>'
    )
    return (
        f'<li class="{escape(_classes(row))}" data-procedure="{escape(row.id)}" data-status="{status}">'
        f"{head}{_details(row)}</li>"
    )


def _details(row: ProcedureResult) -> str:
    if row.status == "not_needed":
        return f'<div class="reasons">{escape(" / ".join(row.reasons))}</div>' if row.reasons else ""
    parts = [_deadline(row)]
    if row.reasons:
        parts.append(f'<div class="reasons">理由: {escape(" / ".join(row.reasons))}</div>')
    if row.documents:
        parts.append(f'<div class="documents">持ち物: {escape("、".join(row.documents))}</div>')
    if row.outside_city_hall and row.office:
        parts.append(f'<div class="office">窓口: {escape(row.office)}</div>')
    return "".join(parts)


def _deadline(row: ProcedureResult) -> str:
    deadline = row.deadline
    if deadline is None:
        return ""
    when = ""
    if deadline.date is not None and deadline.days_left is not None:
        left = f"{abs(deadline.days_left)}日超過" if deadline.overdue else f"あと{deadline.days_left}日"
        when = f"{format_wareki(deadline.date)}（{left}）"
    kind = escape(KIND_NAMES.get(deadline.kind, deadline.kind))
    text = escape(deadline.text)
    return f'<div class="deadline">期限: {when} <span class="deadline-kind">{kind}</span> {text}</div>'


def override_options_html(state: CaseState) -> SafeString:
    """Return the <option>s of the override form: every procedure with its current status."""
    options = "".join(
        f'<option value="{escape(p.id)}">{escape(p.name)}（{STATUS_NAMES[p.status]}）</option>'
        for p in state.procedures
    )
    return mark_safe(options)  # noqa: S308 - every value inside was escaped
