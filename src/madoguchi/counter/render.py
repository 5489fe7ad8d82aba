"""The counter's long lists as HTML, built in Python: procedures, answers, search results, worklist.

They have 20–70 rows and are redrawn on nearly every request of the counter. The same markup in a
template loop cost ~30 ms per page for the procedures (thousands of variable lookups) and 5–10 ms
for each of the others; built from f-strings it is well under a millisecond. Every value from the
pack, the case, the register or the user goes through ``escape`` before it is placed in the markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from django.utils.safestring import SafeString, mark_safe

from madoguchi.counter.state import KIND_NAMES, STATUS_NAMES, CaseState
from madoguchi.counter.templatetags.counter import fact_value, minutes_since, spec_label
from madoguchi.domain.japanese import format_wareki
from madoguchi.domain.navigator import ProcedureResult, Status

if TYPE_CHECKING:
    from madoguchi.counter.selectors import WorklistRow
    from madoguchi.registry.models import Resident


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
    if row.status == Status.NOT_NEEDED:
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


def answers_html(
    answers: Mapping[str, Any], specs: Mapping[str, Any], *, undo: tuple[str, str] | None
) -> SafeString:
    """Return the <li>s of the answers given so far; ``undo`` = (URL, CSRF token) adds 「聞き直す」 forms."""
    items = (
        f"<li>{escape(spec_label(specs, fact))}: <strong>{escape(fact_value(value))}</strong>"
        f"{_undo_form(fact, *undo) if undo is not None else ''}</li>"
        for fact, value in answers.items()
    )
    return mark_safe("".join(items))  # noqa: S308 - every value inside was escaped


def _undo_form(fact: str, url: str, token: str) -> str:
    url = escape(url)
    return (
        f' <form class="inline-form" hx-post="{url}" hx-target="#interview" method="post" action="{url}">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">'
        f'<input type="hidden" name="fact" value="{escape(fact)}">'
        '<button class="button button--secondary">聞き直す</button></form>'
    )


def search_results_html(residents: Sequence[Resident]) -> SafeString:
    """Return the <li>s of a search, each with the button that picks the person."""
    return mark_safe("".join(_result(r) for r in residents))  # noqa: S308 - every value inside was escaped


def _result(r: Resident) -> str:
    removed = f"消除日 {r.removed_on.isoformat()}" if r.removed_on else ""
    status_name = escape(r.get_status_display())
    status = f'<span class="badge status-badge status-badge--{r.status}">{status_name}</span>'
    button = f'<button class="button button--secondary" name="resident" value="{r.pk}">この方を選ぶ</button>'
    # Only entitled staff get restricted people in their results: mark them as strongly as the register does.
    mark = '<span class="restricted-badge">支援措置</span> ' if r.restricted else ""
    return (
        f'<li data-testid="result">{mark}<strong>{escape(r.name)}</strong>（{escape(r.kana)}）'
        f"{r.birth_date.isoformat()}生 {status} "
        f"{removed} {escape(r.address)} 世帯 {escape(r.household.household_no)} {button}</li>"
    )


def worklist_html(rows: Sequence[WorklistRow], *, task_base: str, now: dt.datetime) -> SafeString:
    """Return the table rows of a department worklist."""
    lines = []
    for t in rows:
        deadline = f"{escape(t.deadline_date or '')} {escape(t.deadline_kind_name or '')}"
        status = escape(t.status_name) + (f"（{escape(t.assignee)}）" if t.assignee else "")
        lines.append(
            f'<tr data-task="{escape(t.procedure_id)}">'
            f"<td>{escape(t.case_number)}</td><td>{escape(t.seat)}</td>"
            f"<td>{minutes_since(t.confirmed_at, now)}</td>"
            f'<td><a href="{escape(task_base)}{t.pk}/">{escape(t.procedure_name)}</a></td>'
            f"<td>{deadline}</td><td>{status}</td></tr>"
        )
    return mark_safe("".join(lines))  # noqa: S308 - every value inside was escaped
