"""Measure the resident CSV import (CP932) beside a plain CSV parse of the same file, with peak memory.

Run: .venv/bin/python bench/import.py [--count N] [--no-postgres]

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
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _postgres import recreate_database

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
TARGET_RATIO = 6.0
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/madoguchi_import_bench")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--twice", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return _child(Path(args.child), args.twice, database_only=args.database_only)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    small, large = _demo_file(args.count // 10), _demo_file(args.count)
    parse = _parse_seconds(large)
    for backend in ["sqlite"] if args.no_postgres else ["sqlite", "postgres"]:
        small_run = _import_in_child(small, backend, twice=False)
        large_run = _import_in_child(large, backend, twice=True)
        floor_run = _import_in_child(large, backend, twice=False, database_only=True)
        if small_run and large_run and floor_run:
            _report(backend, args.count, parse, small_run, large_run, floor_run)
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
    env = {**os.environ, "DATABASE_URL": url, "MADOGUCHI_VAR_DIR": str(BENCH_DIR)}
    flags = [*(["--twice"] if twice else []), *(["--database-only"] if database_only else [])]
    command = [sys.executable, __file__, "--child", str(path), *flags]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _child(path: Path, twice: bool, *, database_only: bool) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madoguchi.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from madoguchi.registry.services import residents_import

    call_command("migrate", verbosity=0)
    if database_only:
        return _database_only(path)
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
                      "rss_before_mb": before, "peak_rss_mb": _max_rss_mb(), **again}))  # fmt: skip
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
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    print(f"  import / parse: {ratio:.1f}x  (target <= {TARGET_RATIO:.0f}x: {verdict})")
    database = floor["database_seconds"]
    share = database / parse
    print(f"  database's own share (reading excluded): {database:7.1f} s  = {share:.1f}x the parse "
          "(the floor, however fast the file were read)")  # fmt: skip
    print(f"    (from an import read in one process: {floor['seconds']:.1f} s, "
          f"of which reading and checking {floor['reading_seconds']:.1f} s)")  # fmt: skip
    print(f"  peak RSS: {small['peak_rss_mb']:.0f} MB at {small['rows']:,} rows, "
          f"{large['peak_rss_mb']:.0f} MB at {large['rows']:,} rows "
          f"(after start-up: {small['rss_before_mb']:.0f} / {large['rss_before_mb']:.0f} MB)")  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
