"""Measure the resident CSV import (CP932) beside a plain CSV parse of the same file, with peak memory.

Run: .venv/bin/python bench/import.py [--count N] [--no-postgres | --only-postgres] [--only-live]

The file is the fictitious demo register written in CP932 under var/bench/ (kept between runs).
Each import runs in a fresh process on a fresh SQLite file, so that its peak memory (max RSS) is its
own; a run on a tenth of the rows shows whether memory stays flat as the file grows. The same runs
are then made on a fresh PostgreSQL database (BENCH_POSTGRES_URL, default
postgres://postgres@127.0.0.1:5432/madoguchi_import_bench) if the server is reachable.
Files of 8 MB or more are read by the import's helper process, so the import uses two cores; the
figures include the CPU time of both processes.

A last run per database imports the file once more, read in the same process, and subtracts the
time spent reading: what is left is the database's own share (inserts, index builds, end checks,
commit): the floor of an import with these statements and indexes, however fast the file were read.
Target (issue 18): the import takes at most 1.5x that share.

A live run per database measures the counter during an import: the register is first loaded with
the file, `madoguchi serve` is started, and a few simulated members of staff (threads of this
process, over HTTP) search and answer interview questions in a loop, first without an import
(the normal latency), then while "next month's file" is imported: the same persons with every
20th address changed and 2% more persons. Target (issue 18): p95 <= 1 s and no error.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

from _postgres import recreate_database
from load_counter import PASSWORD, QUERIES, Session, _answer, _free_port, _percentile, _wait_for

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
TARGET_RATIO = 1.5
TARGET_P95_MS = 1000.0
COUNTER_STAFF = 4
THINK_SECONDS = 0.2
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/madoguchi_import_bench")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--only-postgres", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--twice", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--prepare-counter", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--only-live", action="store_true", help="only the live run (counter during an import)"
    )
    args = parser.parse_args()
    if args.prepare_counter:
        return _prepare_counter()
    if args.child:
        return _child(Path(args.child), args.twice, database_only=args.database_only)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    small, large = _demo_file(args.count // 10), _demo_file(args.count)
    following = _next_month_file(args.count)
    parse = _parse_seconds(large)
    backends = [b for b in ("sqlite", "postgres") if not (args.no_postgres and b == "postgres")]
    for backend in [b for b in backends if not (args.only_postgres and b == "sqlite")]:
        if not args.only_live:
            small_run = _import_in_child(small, backend, twice=False)
            large_run = _import_in_child(large, backend, twice=True)
            floor_run = _import_in_child(large, backend, twice=False, database_only=True)
            if small_run and large_run and floor_run:
                _report(backend, args.count, parse, small_run, large_run, floor_run)
        _live_run(backend, args.count, large, following)
    return 0


def _demo_file(count: int) -> Path:
    path = BENCH_DIR / f"import-{count}-cp932.csv"
    if not path.exists():
        sys.path.insert(0, str(ROOT / "src"))
        from madoguchi.registry.demo import write_demo_csv

        started = time.perf_counter()
        with path.open("w", encoding="cp932", newline="") as out:
            write_demo_csv(out, count=count, seed=2026, cp932=True)
        print(f"wrote {path.name} ({count:,} rows) in {time.perf_counter() - started:.0f} s")
    return path


def _next_month_file(count: int) -> Path:
    """Return the file of the same register a month later: every 20th address changed, 2% more persons."""
    path = BENCH_DIR / f"import-{count}-next-cp932.csv"
    if path.exists():
        return path
    grown = _demo_file(count + count // 50)
    with (
        grown.open(encoding="cp932", newline="") as source,
        path.open("w", encoding="cp932", newline="") as out,
    ):
        reader, writer = csv.reader(source), csv.writer(out, lineterminator="\r\n")
        header = next(reader)
        writer.writerow(header)
        address = header.index("住所")
        for number, cells in enumerate(reader):
            if number % 20 == 0:
                cells[address] += "別館"
            writer.writerow(cells)
    grown.unlink()
    return path


def _parse_seconds(path: Path, repeats: int = 3) -> float:
    """Return the median time of the baseline: decode CP932 and split every row with the csv module."""
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        with path.open("rb") as raw, io.TextIOWrapper(raw, encoding="cp932", newline="") as text:
            for _row in csv.reader(text):
                pass
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def _fresh_database(backend: str) -> str | None:
    """Return the URL of an empty database for one run, or None if PostgreSQL is not reachable."""
    if backend == "sqlite":
        db = BENCH_DIR / "import.sqlite3"
        for leftover in BENCH_DIR.glob("import.sqlite3*"):
            leftover.unlink()
        return f"sqlite:///{db}"
    if not recreate_database(POSTGRES):
        return None
    return POSTGRES


def _import_in_child(
    path: Path, backend: str, *, twice: bool, database_only: bool = False
) -> dict[str, float] | None:
    url = _fresh_database(backend)
    if url is None:
        return None
    env = _environment(url)
    flags = [*(["--twice"] if twice else []), *(["--database-only"] if database_only else [])]
    command = [sys.executable, __file__, "--child", str(path), *flags]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _environment(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "MADOGUCHI_VAR_DIR": str(BENCH_DIR),
        "DJANGO_SETTINGS_MODULE": "madoguchi.config.settings",
        "MADOGUCHI_SECRET_KEY": "bench-secret-" + "x" * 40,
        "MADOGUCHI_LOGIN_MAX_FAILURES": "1000",
    }


def _child(path: Path, twice: bool, *, database_only: bool) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madoguchi.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from madoguchi.registry.services import residents_import

    call_command("migrate", verbosity=0)
    if database_only:
        return _database_only(path)
    from madoguchi.registry import writer

    switch = _time_switch(writer)
    before = _max_rss_mb()
    timings, cpu = [], []
    for _ in range(2 if twice else 1):
        started, cpu_started = time.perf_counter(), _cpu_seconds()
        with path.open("rb") as stream:
            report = residents_import(stream=stream, encoding="cp932")
        timings.append(time.perf_counter() - started)
        cpu.append(_cpu_seconds() - cpu_started)
        assert report.ok, report.lines()
    again = {"reimport_seconds": timings[1], "reimport_unchanged": report.unchanged} if twice else {}
    print(json.dumps({"rows": report.rows, "seconds": timings[0], "cpu_seconds": cpu[0],
                      "rss_before_mb": before, "peak_rss_mb": _max_rss_mb(), "added": report.added,
                      "changed": report.changed, "switch_seconds": switch[0] if switch else 0.0,
                      **again}))  # fmt: skip
    return 0


def _database_only(path: Path) -> int:
    """Import with the file read in this process, timing the reading apart from the rest."""
    from madoguchi.registry import csvreader, services

    reading = 0.0

    def timed_events(stream: object, encoding: str, database: str) -> csvreader.Events:
        nonlocal reading
        events = csvreader._events(stream, encoding, database)  # in process: never the helper
        while True:
            started = time.perf_counter()
            event = next(events, None)
            reading += time.perf_counter() - started
            if event is None:
                return
            yield event

    services.read_events = timed_events
    started = time.perf_counter()
    with path.open("rb") as stream:
        report = services.residents_import(stream=stream, encoding="cp932")
    seconds = time.perf_counter() - started
    assert report.ok, report.lines()
    print(json.dumps({"seconds": seconds, "reading_seconds": reading, "database_seconds": seconds - reading}))
    return 0


def _time_switch(writer: object) -> list[float]:
    """Time the import's one write transaction into the register (bench only: wraps writer.merge)."""
    timings: list[float] = []
    merge = writer.merge  # type: ignore[attr-defined]

    def timed(**kwargs: bool) -> tuple[int, int]:
        started = time.perf_counter()
        try:
            return merge(**kwargs)
        finally:
            timings.append(time.perf_counter() - started)

    writer.merge = timed  # type: ignore[attr-defined]
    return timings


def _prepare_counter() -> int:
    """Create the counter's staff and one open case each about a deceased person of the register."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madoguchi.config.settings")
    import django

    django.setup()
    from madoguchi.accounts.roles import Role
    from madoguchi.accounts.services import staff_create
    from madoguchi.counter import services
    from madoguchi.ops.demo import demo_prepare
    from madoguchi.registry.models import Resident

    demo_prepare()
    deceased = Resident.objects.filter(status=Resident.Status.DECEASED, restricted=False)[:COUNTER_STAFF]
    cases = []
    for n, person in enumerate(deceased):
        staff = staff_create(
            username=f"bench{n:02d}", password=PASSWORD, display_name=f"負荷{n}",
            roles=[Role.COUNTER, Role.DEPARTMENT], department_codes=["shimin", "hoken-nenkin"],
        )  # fmt: skip
        case = services.case_open(actor=staff, events=["death"], seat=f"負荷{n:02d}番", event_date=None)
        services.case_person_add(case=case, role="deceased", resident=person, actor=staff)
        cases.append(case.pk)
    print(json.dumps(cases))
    return 0


class _Counter:
    """Simulated members of staff searching and answering in a loop, timings split by phase."""

    def __init__(self, port: int, cases: list[int]) -> None:
        self.phase = "warm-up"
        self.stopped = threading.Event()
        self.timings: dict[str, dict[str, list[float]]] = {}
        self.errors: dict[str, list[str]] = {}
        self.threads = [threading.Thread(target=self._loop, args=(port, n, pk)) for n, pk in enumerate(cases)]

    def __enter__(self) -> _Counter:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        for thread in self.threads:
            thread.join()

    def _loop(self, port: int, n: int, case_pk: int) -> None:
        rng = random.Random(n)
        timings: dict[str, list[float]] = defaultdict(list)
        errors: list[str] = []
        session = Session(port, timings, errors)
        session.login(f"bench{n:02d}")
        while not self.stopped.is_set():
            phase = self.phase
            timings.clear()
            errors.clear()
            try:
                if rng.random() < 0.5:
                    form = {"role": "deceased", "q": rng.choice(QUERIES)}
                    session.request("search", "POST", f"/counter/visits/{case_pk}/search/", form, htmx=True)
                else:
                    _answer(session, case_pk)
            except Exception as error:  # a crashed request is an error, not a silent gap
                errors.append(repr(error))
            for kind, values in timings.items():
                self.timings.setdefault(phase, {}).setdefault(kind, []).extend(values)
            self.errors.setdefault(phase, []).extend(errors)
            time.sleep(rng.uniform(0.5, 1.5) * THINK_SECONDS)

    def report(self, phase: str) -> dict[str, object]:
        kinds = self.timings.get(phase, {})
        work = [value for kind, values in kinds.items() if kind in ("search", "answer") for value in values]
        if not work:
            return {"requests": 0, "errors": len(self.errors.get(phase, []))}
        return {
            "requests": len(work),
            "p50_ms": statistics.median(work),
            "p95_ms": _percentile(work, 0.95),
            "max_ms": max(work),
            "search_p95_ms": _percentile(kinds.get("search", [0.0]), 0.95),
            "answer_p95_ms": _percentile(kinds.get("answer", [0.0]), 0.95),
            "errors": len(self.errors.get(phase, [])),
            "first_error": (self.errors.get(phase) or [""])[0],
        }


def _live_run(backend: str, count: int, large: Path, following: Path) -> None:
    """Load the register, serve the counter, and measure it without and during next month's import."""
    url = _fresh_database(backend)
    if url is None:
        return
    env = _environment(url)
    load = subprocess.run([sys.executable, __file__, "--child", str(large)], env=env, capture_output=True,
                          text=True, check=True)  # fmt: skip
    first = json.loads(load.stdout.strip().splitlines()[-1])
    prepared = subprocess.run([sys.executable, __file__, "--prepare-counter"], env=env, capture_output=True,
                              text=True, check=True)  # fmt: skip
    cases = json.loads(prepared.stdout.strip().splitlines()[-1])
    port = _free_port()
    madoguchi = str(Path(sys.executable).parent / "madoguchi")
    serve = [madoguchi, "serve", "--port", str(port), "--no-collectstatic"]
    # The server's log (one JSON line per request, exceptions without values) says why a request failed.
    log = (BENCH_DIR / f"serve-{backend}.log").open("w")
    server = subprocess.Popen(serve, env=env, stdout=subprocess.DEVNULL, stderr=log)
    try:
        _wait_for(port, server)
        with _Counter(port, cases) as counter:
            time.sleep(5)
            counter.phase = "no import"
            time.sleep(15)
            counter.phase = "import"
            started = time.perf_counter()
            run = subprocess.run([sys.executable, __file__, "--child", str(following)], env=env,
                                 capture_output=True, text=True, check=True)  # fmt: skip
            seconds = time.perf_counter() - started
            counter.phase = "after"
        imported = json.loads(run.stdout.strip().splitlines()[-1])
        _report_live(
            backend, count, first, imported, seconds, counter.report("no import"), counter.report("import")
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _report_live(
    backend: str,
    count: int,
    first: dict[str, float],
    imported: dict[str, float],
    seconds: float,
    quiet: dict[str, object],
    busy: dict[str, object],
) -> None:
    print(f"\ncounter during an import ({backend}, register of {count:,} persons, {COUNTER_STAFF} staff "
          f"searching and answering, think {THINK_SECONDS:g} s)")  # fmt: skip
    print(f"  first load: {first['seconds']:.1f} s, of which the switch (write transaction) "
          f"{first['switch_seconds']:.1f} s")  # fmt: skip
    print(f"  next month's file ({imported['rows']:,} rows: {imported['added']:,} added, "
          f"{imported['changed']:,} changed): {imported['seconds']:.1f} s (wall {seconds:.1f} s), "
          f"switch {imported['switch_seconds']:.2f} s")  # fmt: skip
    for label, figures in (("without an import", quiet), ("during the import", busy)):
        if not figures["requests"]:
            print(f"  {label}: no request measured; errors {figures['errors']}")
            continue
        print(f"  {label}: {figures['requests']} requests, p50 {figures['p50_ms']:.0f} ms, "
              f"p95 {figures['p95_ms']:.0f} ms (search {figures['search_p95_ms']:.0f}, "
              f"answer {figures['answer_p95_ms']:.0f}), max {figures['max_ms']:.0f} ms, "
              f"errors {figures['errors']}")  # fmt: skip
        if figures["errors"]:
            print(f"    first error: {figures['first_error']}")
    if busy["requests"]:
        met = busy["p95_ms"] <= TARGET_P95_MS and not busy["errors"]  # type: ignore[operator]
        print(f"  target p95 <= {TARGET_P95_MS / 1000:.0f} s and no error during the import: "
              f"{'met' if met else 'NOT met'}")  # fmt: skip


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the reading helper)."""
    mine, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _report(
    backend: str,
    count: int,
    parse: float,
    small: dict[str, float],
    large: dict[str, float],
    floor: dict[str, float],
) -> None:
    ratio = large["seconds"] / parse
    where = "fresh SQLite file" if backend == "sqlite" else "fresh PostgreSQL database"
    print(f"\nresident import, CP932, {count:,} rows ({where}, one transaction)")
    print(f"  plain csv parse (baseline, median of 3): {parse:7.1f} s  {count / parse:10,.0f} rows/s")
    seconds = large["seconds"]
    print(f"  madoguchi import-residents:             {seconds:7.1f} s  {count / seconds:10,.0f} rows/s"
          f"  (CPU of both processes: {large['cpu_seconds']:.1f} s)")  # fmt: skip
    print(f"  re-import of the same file (unchanged):  {large['reimport_seconds']:7.1f} s  "
          f"{count / large['reimport_seconds']:10,.0f} rows/s")  # fmt: skip
    print(f"  import / parse: {ratio:.1f}x")
    database = floor["database_seconds"]
    share = database / parse
    print(f"  database's own share (reading excluded): {database:7.1f} s  = {share:.1f}x the parse "
          "(the floor, however fast the file were read)")  # fmt: skip
    own = seconds / database
    verdict = "met" if own <= TARGET_RATIO else "NOT met"
    print(f"  import / database's own share: {own:.2f}x  (target <= {TARGET_RATIO:.1f}x: {verdict}); "
          f"of the import, the switch (write transaction) took {large['switch_seconds']:.1f} s")  # fmt: skip
    print(f"    (from an import read in one process: {floor['seconds']:.1f} s, "
          f"of which reading and checking {floor['reading_seconds']:.1f} s)")  # fmt: skip
    print(f"  peak RSS: {small['peak_rss_mb']:.0f} MB at {small['rows']:,} rows, "
          f"{large['peak_rss_mb']:.0f} MB at {large['rows']:,} rows "
          f"(after start-up: {small['rss_before_mb']:.0f} / {large['rss_before_mb']:.0f} MB)")  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
