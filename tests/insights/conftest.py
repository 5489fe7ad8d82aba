"""Hand-made closed cases with known timestamps, and the DX推進 persona."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from madoguchi.accounts.models import Department, Staff
from madoguchi.counter.models import Case, PrintRecord, Task
from madoguchi.insights.services import figures_refresh
from tests.counter.conftest import bereaved_household  # noqa: F401  (a fixture for the survey tests)

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


def at(text: str) -> dt.datetime:
    """Return a Tokyo time from 'YYYY-MM-DD HH:MM'."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=TOKYO)


# F_H01 with only these fields filled: 世帯主氏名 (氏名), 住所 and 郵便番号 (住所), 生年月日, 届出日 (その他).
F_H01_FILLED = (
    "householder_name",
    "insured_address",
    "insured_address_postal",
    "insured_birth_date",
    "submitted_on",
)


def f_h01_report() -> dict[str, Any]:
    from madoguchi.counter.packs import current_layouts

    layout = current_layouts()["F_H01"]
    empty = [f.id for f in layout.fields if not f.for_resident and f.id not in F_H01_FILLED]
    form = {"form_id": "F_H01", "empty": empty, "left_for_resident": 1}
    totals = {
        "prefilled": 5,
        "prefilled_by_source": {"register": 4, "event": 1, "interview": 0},
        "left_for_resident": 1,
    }
    return {"forms": [form], "totals": totals}


def make_case(
    staff: Staff,
    *,
    opened: str,
    interviewed: str | None = None,
    confirmed: str | None = None,
    closed: str | None = None,
    stage: str = Case.Stage.CLOSED,
    event: str = "death",
    tasks: tuple[tuple[Department, str, str | None, str | None], ...] = (),
    report: dict[str, Any] | None = None,
    answers: int = 0,
) -> Case:
    """Create a case with these Tokyo timestamps; tasks are (department, status, finished, deadline)."""
    number = f"T{Case.objects.count() + 1:05d}"
    case = Case.objects.create(
        number=number,
        seat="1番",
        events=[event],
        stage=stage,
        opened_by=staff,
        answers={f"answers.q{i}": True for i in range(answers)},
    )
    Case.objects.filter(pk=case.pk).update(
        opened_at=at(opened),
        interview_finished_at=at(interviewed) if interviewed else None,
        resident_confirmed_at=at(confirmed) if confirmed else None,
        closed_at=at(closed) if closed else None,
    )
    for order, (department, status, finished, deadline) in enumerate(tasks):
        Task.objects.create(
            case=case,
            procedure_id=f"p{order}",
            procedure_name="手続",
            department=department,
            order=order,
            status=status,
            finished_at=at(finished) if finished else None,
            needs={"deadline": {"date": deadline}} if deadline else {},
        )
    if report is not None:
        PrintRecord.objects.create(
            case=case, version=1, pack_id="sample-city", pack_version="1", report=report, printed_by=staff
        )
    return case


def closed_cases(
    staff: Staff, count: int, day: str = "2026-06-10", minutes: int = 30, event: str = "death"
) -> None:
    """Create `count` simple closed cases on one day, each `minutes` long, with their figures.

    Made outside the counter's close, so their figures come from the catch-up (as for old cases).
    """
    for index in range(count):
        start = at(f"{day} 09:00") + dt.timedelta(minutes=index)
        end = start + dt.timedelta(minutes=minutes)
        make_case(staff, opened=f"{start:%Y-%m-%d %H:%M}", closed=f"{end:%Y-%m-%d %H:%M}", event=event)
    figures_refresh()
