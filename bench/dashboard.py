"""Measure the measurement dashboard's queries on one year of visits beside a naive baseline.

Run: .venv/bin/python bench/dashboard.py [--cases N] [--runs N] [--no-postgres]

One year (2025) of generated closed visits (default 104,000 cases, about 1,080,000 department tasks
and one print record each) is bulk-inserted into a fresh SQLite file under var/bench/ and, when
reachable (BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/madoguchi_bench_dashboard),
a fresh PostgreSQL database. The per-case figures are derived once (`figures_refresh`, the catch-up
that housekeeping runs; the counter stores them as each case closes), then, for one month and for
the whole year, two figures: the dashboard's queries alone (series by day, summary with medians, 3Q
results) and the whole page (GET /insights/ through Django's test client, logged in as DX推進:
queries, four ReportLab charts as SVG, template). A page view only reads. The baseline, in the same run,
is what one would write without the derived table: load the period's cases, tasks and print reports
into Python and compute the same figures there.
Target (issue 17): p95 ≤ 500 ms for the year view on both databases. `uptime` is printed with the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import random
import statistics
import subprocess
import sys
import time
import zoneinfo
from pathlib import Path

from _postgres import drop_database, recreate_database

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SQLITE = BENCH_DIR / "dashboard.sqlite3"
POSTGRES = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/madoguchi_bench_dashboard"
)
TARGET_P95_MS = 500.0
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
# event → (share of visits, tasks per visit, forms printed)
EVENTS = {
    "death": (0.40, 17, ("F_H01", "F_L01", "F_T01", "F_M01")),
    "move_in": (0.20, 6, ("F_H02", "F_C02")),
    "move_out": (0.20, 6, ("F_H01", "F_C02")),
    "move_within": (0.10, 6, ("F_C02",)),
    "birth": (0.05, 6, ("F_H02", "F_W01")),
    "marriage": (0.05, 6, ("F_C02",)),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=104_000)
    parser.add_argument("--runs", type=int, default=30, help="runs of our queries per view")
    parser.add_argument("--naive-runs", type=int, default=3, help="runs of the naive baseline per view")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="measure the SQLite file of the last run again")
    parser.add_argument("--child", choices=("sqlite", "postgres"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return _child(args)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if not args.no_sqlite:
        _run_child("sqlite", args)
    if not args.no_postgres and recreate_database(POSTGRES):
        try:
            _run_child("postgres", args)
        finally:
            drop_database(POSTGRES)
    return 0


def _run_child(backend: str, args: argparse.Namespace) -> None:
    for suffix in ("", "-wal", "-shm"):
        if backend == "sqlite" and not args.reuse:  # a PostgreSQL run keeps the SQLite file for --reuse
            Path(f"{SQLITE}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{SQLITE}" if backend == "sqlite" else POSTGRES
    env = {**os.environ, "DATABASE_URL": url, "MADOGUCHI_VAR_DIR": str(BENCH_DIR)}
    command = [
        sys.executable,
        __file__,
        "--child",
        backend,
        "--cases",
        str(args.cases),
        "--runs",
        str(args.runs),
        "--naive-runs",
        str(args.naive_runs),
        *(["--reuse"] if args.reuse and backend == "sqlite" else []),
    ]
    subprocess.run(command, env=env, check=True)


def _child(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madoguchi.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from madoguchi.counter.models import Case, Task

    started = time.perf_counter()
    if args.reuse and Case.objects.exists():
        cases, tasks = Case.objects.count(), Task.objects.count()
    else:
        cases, tasks = _generate(args.cases)
    generated = time.perf_counter() - started
    from madoguchi.insights.services import figures_refresh

    started = time.perf_counter()
    derived = figures_refresh()
    refresh = time.perf_counter() - started
    _analyze()
    print(
        f"\n[{args.child}] {cases:,} cases, {tasks:,} tasks generated in {generated:.0f} s; "
        f"figures derived for {derived:,} cases in {refresh:.1f} s (once, then only new cases)"
    )
    _measure(args)
    return 0


def _generate(count: int) -> tuple[int, int]:
    """Bulk-insert one year of closed visits: cases (raw rows, to set opened_at), tasks, prints."""
    from django.db import connection, transaction

    from madoguchi.accounts.models import Department, Staff
    from madoguchi.counter.models import Case, PrintRecord, Task
    from madoguchi.insights.models import ResidentSurvey

    staff = Staff.objects.create(username="bench", display_name="bench")
    departments = [Department.objects.create(code=f"d{i}", name=f"課{i}", order=i).pk for i in range(12)]
    rng = random.Random(17)
    names = list(EVENTS)
    weights = [EVENTS[name][0] for name in names]
    columns = (
        "number",
        "seat",
        "events",
        "stage",
        "answers",
        "form_people",
        "form_values",
        "overrides",
        "notes",
        "correction_requested",
        "pack_id",
        "pack_version",
        "confirmed_facts",
        "confirm_code_hash",
        "opened_by_id",
        "opened_at",
        "interview_finished_at",
        "resident_confirmed_at",
        "printed_at",
        "closed_at",
        "cancel_reason",
    )
    insert = _insert(Case, columns)
    plan = []
    with transaction.atomic(), connection.cursor() as cursor:
        rows = []
        for number in range(count):
            event = rng.choices(names, weights)[0]
            day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365))
            opened = dt.datetime.combine(day, dt.time(8, 30), TOKYO) + dt.timedelta(
                minutes=rng.randrange(600)
            )
            interviewed = opened + dt.timedelta(minutes=rng.randint(5, 40))
            confirmed = interviewed + dt.timedelta(minutes=rng.randint(1, 10))
            closed = confirmed + dt.timedelta(minutes=rng.randint(10, 240))
            answers = json.dumps({f"answers.q{i}": True for i in range(rng.randint(2, 12))})
            rows.append(
                (
                    f"B{number:07d}",
                    "1番",
                    json.dumps([event]),
                    "closed",
                    answers,
                    "{}",
                    "{}",
                    "{}",
                    "",
                    False,
                    "sample-city",
                    "1",
                    "{}",
                    "",
                    staff.pk,
                    opened,
                    interviewed,
                    confirmed,
                    confirmed,
                    closed,
                    "",
                )
            )
            plan.append((event, closed))
            if len(rows) == 5000:
                cursor.executemany(insert, rows)
                rows = []
        cursor.executemany(insert, rows)
    ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
    task_columns = (
        "case_id",
        "procedure_id",
        "procedure_name",
        "department_id",
        "order",
        "status",
        "reason",
        "needs",
        "finished_at",
        "version",
    )
    print_columns = (
        "case_id",
        "version",
        "pack_id",
        "pack_version",
        "forms",
        "procedures",
        "facts",
        "answers",
        "data",
        "report",
        "printed_by_id",
        "printed_at",
    )
    tasks = 0
    task_rows: list[tuple[object, ...]] = []
    print_rows: list[tuple[object, ...]] = []
    with transaction.atomic(), connection.cursor() as cursor:
        for case_id, (event, closed) in zip(ids, plan, strict=True):
            _, per_case, forms = EVENTS[event]
            for order in range(per_case):
                finished = closed - dt.timedelta(minutes=rng.randint(0, 60))
                deadline = (closed - dt.timedelta(days=rng.choice((-14, -7, 1, 3)))).date().isoformat()
                needs = json.dumps({"deadline": {"date": deadline}})
                department = departments[(order + case_id) % len(departments)]
                task_rows.append(
                    (case_id, f"p{order}", "手続", department, order, "done", "", needs, finished, 1)
                )
            tasks += per_case
            report = json.dumps(_report(forms, rng))
            print_rows.append(
                (case_id, 1, "sample-city", "1", "[]", "[]", "{}", "{}", "{}", report, staff.pk, closed)
            )
            if len(task_rows) >= 20_000:
                cursor.executemany(_insert(Task, task_columns), task_rows)
                cursor.executemany(_insert(PrintRecord, print_columns), print_rows)
                task_rows, print_rows = [], []
        cursor.executemany(_insert(Task, task_columns), task_rows)
        cursor.executemany(_insert(PrintRecord, print_columns), print_rows)
    with transaction.atomic():
        ResidentSurvey.objects.bulk_create(
            [
                ResidentSurvey(
                    event=rng.choices(names, weights)[0],
                    satisfaction=rng.randint(1, 5),
                    answered_on=dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365)),
                    writing="signature",
                    waiting="short",
                    comment="早く終わりました",
                )
                for _ in range(count // 5)
            ],
            batch_size=5000,
        )
    return len(ids), tasks


def _insert(model, columns: tuple[str, ...]) -> str:
    names = ", ".join(f'"{column}"' for column in columns)
    return f"INSERT INTO {model._meta.db_table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"


def _report(forms: tuple[str, ...], rng: random.Random) -> dict[str, object]:
    entries = [
        {"form_id": form, "empty": ["death_place"] if rng.random() < 0.3 else [], "left_for_resident": 1}
        for form in forms
    ]
    prefilled = 22 * len(forms)
    return {
        "forms": entries,
        "totals": {
            "prefilled": prefilled,
            "left_for_resident": len(forms),
            "prefilled_by_source": {"register": prefilled - 5, "interview": 5},
        },
    }


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "sqlite":
            # The bulk load leaves a WAL of hundreds of MB; a running installation checkpoints as it goes.
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _ours(filters) -> None:
    """The dashboard view's three reads (a page view writes nothing and refreshes nothing)."""
    from madoguchi.insights import selectors

    buckets = selectors.series(filters)
    selectors.summary(filters, buckets)
    selectors.survey_results(filters)


def _naive(filters) -> None:
    """Without the derived table: load the period's cases, tasks and reports and compute in Python."""
    from django.utils import timezone

    from madoguchi.counter.packs import current_layouts
    from madoguchi.insights.selectors import measured_cases
    from madoguchi.insights.services import case_figures

    start = dt.datetime.combine(filters.start, dt.time(), TOKYO)
    end = dt.datetime.combine(filters.end + dt.timedelta(days=1), dt.time(), TOKYO)
    ids = list(measured_cases().filter(closed_at__gte=start, closed_at__lt=end).values_list("pk", flat=True))
    layouts = current_layouts()
    rows = [figure for i in range(0, len(ids), 2000) for figure in case_figures(ids[i : i + 2000], layouts)]
    days: dict[dt.date, int] = {}
    for figure in rows:
        days[figure.closed_on] = days.get(figure.closed_on, 0) + 1
    statistics.median([f.seconds_total for f in rows])
    sum(f.tasks_late for f in rows)
    assert timezone.is_aware(start)


def _page_client():
    """A test client logged in as DX推進, for the whole page (GET /insights/)."""
    from django.test import Client
    from django.test.utils import setup_test_environment

    from madoguchi.accounts.models import Staff
    from madoguchi.accounts.roles import Role
    from madoguchi.accounts.services import staff_create

    setup_test_environment()  # allows the test client's host name
    logging.getLogger("madoguchi.request").setLevel(logging.WARNING)  # one log line per request otherwise
    staff = Staff.objects.filter(username="bench-dx").first() or staff_create(
        username="bench-dx", password="bench-dx-password", display_name="bench-dx", roles=[Role.DX]
    )
    client = Client()
    client.force_login(staff)
    return client


def _measure(args: argparse.Namespace) -> None:
    from madoguchi.insights import charts, selectors
    from madoguchi.insights.selectors import Filters

    client = _page_client()
    views = {
        "month": Filters(dt.date(2025, 6, 1), dt.date(2025, 6, 30), "day"),
        "year": Filters(dt.date(2025, 1, 1), dt.date(2025, 12, 31), "month"),
    }
    year_page = 0.0
    for name, filters in views.items():
        url = f"/insights/?start={filters.start}&end={filters.end}&grain={filters.grain}"

        def page(url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200 and b"<img" in response.content, response.status_code

        pages = _timed(page, args.runs)
        ours = _timed(lambda f=filters: _ours(f), args.runs)
        naive = _timed(lambda f=filters: _naive(f), args.naive_runs, warm=False)
        year_page = _pct(pages, 95)
        print(
            f"  {name:5} view  page p50 {_pct(pages, 50):7.1f} ms  p95 {_pct(pages, 95):7.1f} ms   "
            f"queries p50 {_pct(ours, 50):7.1f} ms  p95 {_pct(ours, 95):7.1f} ms   "
            f"naive p50 {_pct(naive, 50):8.1f} ms  p95 {_pct(naive, 95):8.1f} ms   "
            f"(queries {_pct(naive, 95) / _pct(ours, 95):.0f}× faster)  load {_load()}"
        )
    buckets = selectors.series(views["year"])
    chart = _timed(lambda: charts.data_uri(charts.visits_chart(buckets, "month")), 5)
    verdict = "OK" if year_page <= TARGET_P95_MS else "MISSED"
    print(
        f"  one chart (ReportLab, SVG) p95 {_pct(chart, 95):.1f} ms; "
        f"year page p95 {year_page:.1f} ms vs target {TARGET_P95_MS:.0f} ms: {verdict}  load {_load()}"
    )


def _load() -> str:
    """The 1-, 5- and 15-minute load averages (2 cores here; figures under load are slower)."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _timed(run, times: int, warm: bool = True) -> list[float]:
    if warm:
        run()  # warm caches and connections once
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _pct(samples: list[float], pct: int) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


if __name__ == "__main__":
    raise SystemExit(main())
