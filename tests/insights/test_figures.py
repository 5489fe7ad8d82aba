"""Each figure on hand-made cases with known timestamps: midnight, month ends, cancelled cases."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from madoguchi.counter.models import Case, Task
from madoguchi.counter.services import case_close_if_done
from madoguchi.insights import selectors
from madoguchi.insights.models import CaseFigure
from madoguchi.insights.selectors import Filters
from madoguchi.insights.services import figures_refresh
from tests.insights.conftest import closed_cases, f_h01_report, make_case

pytestmark = pytest.mark.django_db

APRIL = Filters(dt.date(2026, 4, 1), dt.date(2026, 4, 30))
MAY = Filters(dt.date(2026, 5, 1), dt.date(2026, 5, 31))


@pytest.fixture
def midnight_case(counter_staff, departments):
    """Opened 23:50 on 30 April, closed 00:20 on 1 May; two departments, one task late, one form."""
    shimin, hoken = departments["shimin"], departments["hoken-nenkin"]
    return make_case(
        counter_staff,
        opened="2026-04-30 23:50",
        interviewed="2026-04-30 23:58",
        confirmed="2026-05-01 00:05",
        closed="2026-05-01 00:20",
        answers=3,
        tasks=(
            (shimin, Task.Status.DONE, "2026-05-01 00:10", "2026-04-30"),
            (hoken, Task.Status.DONE, "2026-04-30 23:59", "2026-04-30"),
            (hoken, Task.Status.NOT_NEEDED, "2026-05-01 00:15", "2026-04-30"),
        ),
        report=f_h01_report(),
    )


def test_a_case_closed_after_midnight_counts_on_the_day_and_month_it_closed(midnight_case):
    assert figures_refresh() == 1
    figure = CaseFigure.objects.get(case=midnight_case)
    assert figure.closed_on == dt.date(2026, 5, 1)
    assert selectors.figures(APRIL).count() == 0
    assert selectors.figures(MAY).count() == 1


def test_every_figure_of_one_case(midnight_case):
    figures_refresh()
    f = CaseFigure.objects.get(case=midnight_case)
    assert (f.seconds_total, f.seconds_interview, f.seconds_confirmation, f.seconds_departments) == (
        1800,
        480,
        420,
        900,
    )
    assert (f.departments, f.tasks, f.tasks_late) == (2, 3, 1)
    assert (f.forms, f.fields_system, f.fields_staff, f.fields_resident) == (1, 5, 0, 1)
    assert (f.avoided_name, f.avoided_address, f.avoided_birth_date, f.avoided_phone, f.avoided_other) == (
        1,
        2,
        1,
        0,
        1,
    )
    assert f.questions == 3
    assert f.event == "death"


def test_only_the_latest_print_counts(counter_staff, midnight_case):
    from madoguchi.counter.models import PrintRecord

    PrintRecord.objects.create(
        case=midnight_case,
        version=2,
        pack_id="p",
        pack_version="1",
        printed_by=counter_staff,
        report={"forms": [], "totals": {}},
    )
    figures_refresh()
    assert CaseFigure.objects.get(case=midnight_case).forms == 0


def test_cancelled_and_unfinished_cases_are_not_measured(counter_staff):
    make_case(counter_staff, opened="2026-05-02 10:00", closed="2026-05-02 10:30", stage="cancelled")
    make_case(counter_staff, opened="2026-05-02 10:00", stage=Case.Stage.CONFIRMED)
    make_case(counter_staff, opened="2026-05-02 10:00", closed="2026-05-02 10:30")
    assert figures_refresh() == 1
    assert CaseFigure.objects.count() == 1


def test_a_case_cancelled_after_it_was_measured_drops_out(counter_staff):
    case = make_case(counter_staff, opened="2026-05-02 10:00", closed="2026-05-02 10:30")
    figures_refresh()
    Case.objects.filter(pk=case.pk).update(stage="cancelled")
    figures_refresh()
    assert not CaseFigure.objects.exists()


def test_a_second_refresh_adds_nothing(counter_staff):
    for minute in range(3):
        make_case(counter_staff, opened=f"2026-06-10 09:0{minute}", closed="2026-06-10 09:30")
    assert figures_refresh() == 3
    assert figures_refresh() == 0


def test_month_end_cases_fall_in_their_own_month(counter_staff):
    make_case(counter_staff, opened="2026-05-31 23:00", closed="2026-05-31 23:59")
    make_case(counter_staff, opened="2026-05-31 23:30", closed="2026-06-01 00:00")
    figures_refresh()
    buckets = selectors.series(Filters(dt.date(2026, 5, 1), dt.date(2026, 6, 30), "month"))
    assert [(b.start, b.visits) for b in buckets] == [(dt.date(2026, 5, 1), 1), (dt.date(2026, 6, 1), 1)]


def test_weeks_start_on_monday(counter_staff):
    make_case(counter_staff, opened="2026-06-07 10:00", closed="2026-06-07 10:10")  # Sunday
    make_case(counter_staff, opened="2026-06-08 10:00", closed="2026-06-08 10:10")  # Monday
    figures_refresh()
    buckets = selectors.series(Filters(dt.date(2026, 6, 1), dt.date(2026, 6, 30), "week"))
    assert [(b.start, b.visits) for b in buckets] == [(dt.date(2026, 6, 1), 1), (dt.date(2026, 6, 8), 1)]


def test_medians_and_averages_need_five_cases(counter_staff):
    closed_cases(counter_staff, 4, minutes=30)
    figures_refresh()
    june = Filters(dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    small = selectors.summary(june)
    assert small.bucket.visits == 4
    assert small.median_minutes["seconds_total"] is None
    assert small.bucket.average("departments") is None
    closed_cases(counter_staff, 3, minutes=60)
    figures_refresh()
    shown = selectors.summary(june)
    assert shown.median_minutes["seconds_total"] == 30.0  # 30,30,30,30,60,60,60
    assert shown.median_minutes["seconds_interview"] == 30.0


def test_filters_by_event_and_department(counter_staff, departments, midnight_case):
    make_case(counter_staff, opened="2026-05-03 10:00", closed="2026-05-03 10:30", event="move_in")
    figures_refresh()
    assert selectors.figures(Filters(MAY.start, MAY.end, event="move_in")).count() == 1
    assert (
        selectors.figures(Filters(MAY.start, MAY.end, department_id=departments["hoken-nenkin"].pk)).count()
        == 1
    )
    assert selectors.figures(Filters(MAY.start, MAY.end, department_id=departments["zeimu"].pk)).count() == 0


def test_the_counter_stores_a_case_s_figures_as_it_closes(counter_staff, departments):
    case = make_case(
        counter_staff,
        opened="2026-05-01 09:00",
        interviewed="2026-05-01 09:10",
        confirmed="2026-05-01 09:15",
        stage=Case.Stage.CONFIRMED,
        tasks=((departments["shimin"], Task.Status.DONE, "2026-05-01 09:30", None),),
    )
    assert not CaseFigure.objects.exists()
    assert case_close_if_done(case_id=case.pk)
    figure = CaseFigure.objects.get(case=case)
    assert (figure.tasks, figure.departments, figure.event) == (1, 1, "death")
    assert figures_refresh() == 0  # nothing left for the catch-up


def test_the_dashboard_only_reads_and_housekeeping_catches_up(counter_staff, dx_staff, login_client, capsys):
    make_case(counter_staff, opened="2026-06-10 09:00", closed="2026-06-10 09:30")  # closed by an old version
    client = login_client(dx_staff)
    assert client.get("/insights/?start=2026-06-01&end=2026-06-30&grain=day").status_code == 200
    assert not CaseFigure.objects.exists()  # a page view writes nothing
    call_command("housekeeping")
    assert CaseFigure.objects.count() == 1
    assert "1件の受付について作りました" in capsys.readouterr().out
