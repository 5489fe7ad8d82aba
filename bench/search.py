"""Measure the one-box resident search at 1,000,000 residents beside the naive icontains query.

Run: .venv/bin/python bench/search.py [--count N] [--queries N] [--no-postgres]

The register is the fictitious demo register, imported once into var/bench/search.sqlite3 through the
real import (kept between runs). With PostgreSQL reachable (BENCH_POSTGRES_URL, default
postgres://postgres@127.0.0.1:5432/madoguchi_bench) the same rows are copied there and measured too.
Each backend runs in its own process, because Django settings come from the environment.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SQLITE = BENCH_DIR / "search.sqlite3"
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/madoguchi_bench")
TARGET_P95_MS = 20.0
TARGET_RATIO = 50.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=400, help="queries of our search per backend")
    parser.add_argument("--naive", type=int, default=40, help="queries of the naive search per backend")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--child", choices=("sqlite", "postgres"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return _child(args)
    backends = ["sqlite"] if args.no_postgres else ["sqlite", "postgres"]
    for backend in backends:
        _run_child(backend, args)
    return 0


def _create_postgres_database() -> bool:
    import psycopg

    base, name = POSTGRES.rsplit("/", 1)
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        print(f"[postgres] not reachable ({error}); skipped")
        return False
    return True


def _run_child(backend: str, args: argparse.Namespace) -> None:
    if backend == "postgres" and not _create_postgres_database():
        return
    url = f"sqlite:///{SQLITE}" if backend == "sqlite" else POSTGRES
    env = {**os.environ, "DATABASE_URL": url, "MADOGUCHI_VAR_DIR": str(BENCH_DIR)}
    command = [sys.executable, __file__, "--child", backend, "--count", str(args.count)]
    command += ["--queries", str(args.queries), "--naive", str(args.naive)]
    result = subprocess.run(command, env=env, check=False)
    if result.returncode:
        print(f"[{backend}] failed (exit {result.returncode}); skipped")


def _child(args: argparse.Namespace) -> int:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madoguchi.config.settings")
    import django

    django.setup()
    _ensure_register(args.child, args.count)
    queries = _queries(args.queries)
    ours = _measure(queries, _our_search)
    naive = _measure(queries[: args.naive], _naive_search)
    _report(args.child, args.count, ours, naive)
    return 0


def _ensure_register(backend: str, count: int) -> None:
    from django.core.management import call_command

    from madoguchi.registry.models import Resident

    call_command("migrate", verbosity=0)
    have = Resident.objects.count()
    if have == count:
        print(f"[{backend}] reusing {have:,} residents")
        return
    started = time.perf_counter()
    if backend == "sqlite":
        _import_demo(count)
    else:
        _copy_from_sqlite()
    print(
        f"[{backend}] loaded {Resident.objects.count():,} residents in {time.perf_counter() - started:.0f} s"
    )


def _import_demo(count: int) -> None:
    from madoguchi.registry.demo import write_demo_csv
    from madoguchi.registry.models import Household, Resident
    from madoguchi.registry.services import residents_import

    Resident.objects.all().delete()
    Household.objects.all().delete()
    path = BENCH_DIR / f"residents-{count}.csv"
    if not path.exists():
        with path.open("w", encoding="utf-8", newline="") as out:
            write_demo_csv(out, count=count, seed=2026)
    with path.open("rb") as stream:
        report = residents_import(stream=stream)
    if not report.ok:
        raise SystemExit("\n".join(report.lines()))


def _copy_from_sqlite() -> None:
    """Copy the SQLite bench register into PostgreSQL with COPY (the same rows, loaded fast)."""
    import sqlite3

    from django.db import connection

    source = sqlite3.connect(SQLITE)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE registry_resident, registry_household RESTART IDENTITY CASCADE")
        for table in ("registry_household", "registry_resident"):
            columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {', '.join(columns)} FROM {table}"):
                    copy.write_row(row)
        for table in ("registry_household", "registry_resident"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            )
        cursor.execute("ANALYZE registry_resident")


def _queries(count: int) -> list[tuple[str, str]]:
    """Return (kind, text) pairs built from real rows, as staff would type them."""
    import jaconv

    from madoguchi.domain.japanese import format_wareki
    from madoguchi.registry.models import Resident

    rng = random.Random(7)
    top = Resident.objects.order_by("-id").values_list("id", flat=True).first() or 0
    people = list(
        Resident.objects.filter(id__in=[rng.randint(1, top) for _ in range(count)], resident_kind=1).values(
            "name", "kana", "birth_date", "atena_no"
        )
    )
    makers = {
        "kana full name (hiragana)": lambda p: jaconv.kata2hira(p["kana"]),
        "kanji surname only": lambda p: p["name"].split("　")[0],
        "kanji full name": lambda p: p["name"],
        "given name only": lambda p: p["name"].split("　")[-1],
        "half-width kana surname": lambda p: jaconv.z2h(p["kana"].split("　")[0], kana=True),
        "birth date 7-digit": lambda p: format_wareki(p["birth_date"], "code"),
        "birth date H5.1.1": lambda p: format_wareki(p["birth_date"], "short"),
        "kana surname + birth date": lambda p: (
            jaconv.kata2hira(p["kana"].split("　")[0]) + " " + format_wareki(p["birth_date"], "code")
        ),
        "宛名番号": lambda p: p["atena_no"],
    }
    kinds = list(makers)
    return [(kinds[i % len(kinds)], makers[kinds[i % len(kinds)]](p)) for i, p in enumerate(people)]


def _our_search(text: str) -> int:
    from madoguchi.registry.selectors import search

    return len(search(text, viewer=None).residents)


def _naive_search(text: str) -> int:
    from django.db.models import Q

    from madoguchi.registry.models import Resident

    # What a first version would write: substring match on the name columns, 51 rows at most.
    matches = Q(name__icontains=text) | Q(kana__icontains=text) | Q(alias_name__icontains=text)
    return len(list(Resident.objects.filter(matches, restricted=False)[:51]))


def _measure(queries: list[tuple[str, str]], run) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {}
    for kind, text in queries:
        started = time.perf_counter()
        run(text)
        timings.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
    return timings


def _percentiles(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else ordered * 99
    return statistics.median(ordered), cuts[94], cuts[98]


def _report(backend: str, count: int, ours: dict[str, list[float]], naive: dict[str, list[float]]) -> None:
    every = [t for values in ours.values() for t in values]
    every_naive = [t for values in naive.values() for t in values]
    p50, p95, p99 = _percentiles(every)
    n50, n95, n99 = _percentiles(every_naive)
    print(f"\n[{backend}] search latency at {count:,} residents (ms): ours over {len(every)} queries,")
    print(f"  naive icontains over {len(every_naive)} queries of the same mix")
    print(f"  {'kind':<28} {'ours p50':>9} {'p95':>8} {'naive p50':>10}")
    for kind, values in ours.items():
        naive_p50 = statistics.median(naive[kind]) if naive.get(kind) else float("nan")
        print(
            f"  {kind:<28} {statistics.median(values):9.2f} {_percentiles(values)[1]:8.2f} {naive_p50:10.1f}"
        )
    print(f"  {'ALL':<28} p50 {p50:.2f}  p95 {p95:.2f}  p99 {p99:.2f}")
    print(f"  {'naive icontains':<28} p50 {n50:.1f}  p95 {n95:.1f}  p99 {n99:.1f}")
    print(f"  speed-up (naive p50 / ours p50): {n50 / p50:.0f}x   (p95: {n95 / p95:.0f}x)")
    verdict = (
        "met" if (backend != "sqlite" or p95 <= TARGET_P95_MS) and n50 / p50 >= TARGET_RATIO else "NOT met"
    )
    print(f"  target p95 <= {TARGET_P95_MS:.0f} ms (SQLite) and >= {TARGET_RATIO:.0f}x: {verdict}")
    print(json.dumps({"backend": backend, "p50": p50, "p95": p95, "p99": p99, "naive_p50": n50}))


if __name__ == "__main__":
    raise SystemExit(main())
