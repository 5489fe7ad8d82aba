"""The procedure list markup escapes everything that comes from a pack."""

from __future__ import annotations

import dataclasses
import datetime as dt

from madoguchi.counter.render import _row
from madoguchi.domain.navigator import Deadline, ProcedureResult

SOON = Deadline(dt.date(2026, 11, 24), "legal", "7日以内", 3, False, True)
ROW = ProcedureResult(
    id="p1", name="<b>死亡届</b>", kind="届出", department="shimin", department_name="市民課",
    status="required", reasons=("常に必要 & 7日以内",), unknown_facts=(), deadline=SOON,
    outside_city_hall=False, office="", documents=("届書",), forms=(),
)  # fmt: skip


def test_values_are_escaped_and_urgent_rows_are_marked():
    html = _row(ROW)
    assert "&lt;b&gt;死亡届&lt;/b&gt;" in html and "<b>" not in html
    assert "常に必要 &amp; 7日以内" in html
    assert "procedure--urgent" in html and "令和8年11月24日（あと3日）" in html


def test_overdue_and_irreversible():
    late = Deadline(dt.date(2026, 11, 1), "irreversible", "3か月以内", -5, True, False)
    html = _row(dataclasses.replace(ROW, deadline=late))
    assert "5日超過" in html and "procedure--irreversible" in html and "procedure--urgent" in html
