"""Benchmark the navigator: pack load time and one death navigation (73 procedures).

The navigator is the plain algorithm: trace every condition, word reasons from the trace, copy
the facts for every probed answer. Its figure is printed beside a baseline measured in the same
run, the same algorithm re-parsing every condition from its text on each call (a naive "evaluate
the YAML text" navigator). Nothing is cached between calls: every navigation is cold. The two run
in turns of ten calls each (see `interleaved`), so a busy machine slows them alike. Run:

    .venv/bin/python bench/navigator.py
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from madoguchi.domain.navigator import navigate
from madoguchi.domain.packs import Facts, Pack, load_pack
from madoguchi.domain.rules import compile_expression

PACK_DIR = Path(__file__).resolve().parents[1] / "packs" / "sample-city"
TODAY = dt.date(2026, 11, 30)
FACTS = {
    "deceased": {
        "age": 82,
        "sex": "男",
        "death_date": "2026-11-20",
        "resident_type": "日本人",
        "is_householder": True,
        "insurance": "後期高齢",
        "kaigo": {"insured": True, "certified": True},
        "has_inkan_registration": True,
        "has_mynumber_card": True,
        "handbooks": [],
        "tax": {"resident_tax_payer": True, "property_owner": True},
    },
    "household": {"size": 3, "remaining_count": 2, "remaining_15plus_count": 2, "remaining_nhi_count": 0},
    "spouse": {"exists": True, "age": 79},
}


def timings(function: Callable[[], object], repeat: int) -> list[float]:
    """Return the wall-clock time of each call, in milliseconds."""
    result = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        result.append((time.perf_counter() - start) * 1000)
    return result


def interleaved(
    functions: dict[str, Callable[[], object]], rounds: int, block: int = 10
) -> dict[str, list[float]]:
    """Return the times of each call, running the functions in turns of `block` calls each.

    Turns spread a busy machine's slow moments over every function alike; a block of calls in a
    row keeps each function's code and data in the CPU caches, as in steady use.
    """
    result: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(rounds):
        for name, function in functions.items():
            result[name].extend(timings(function, block))
    return result


def summary(name: str, values: list[float]) -> str:
    """Return median and p99 of the timings."""
    p99 = statistics.quantiles(values, n=100)[98] if len(values) >= 100 else max(values)
    return f"{name:<46} median {statistics.median(values):8.3f} ms   p99 {p99:8.3f} ms"


def reparsed(pack: Pack, event_id: str) -> Pack:
    """Return a copy of the pack with the event's conditions compiled again from their text."""
    procedures = dict(pack.procedures)
    for pid in pack.events[event_id].procedures:
        condition = compile_expression(procedures[pid].condition.text)
        procedures[pid] = dataclasses.replace(procedures[pid], condition=condition)
    return dataclasses.replace(pack, procedures=procedures)


COLD = "check facts + navigate death (cold: nothing cached)"
REPARSE = "baseline: re-parse every condition per call"


def main() -> None:
    """Measure and print the figures."""
    loads = timings(lambda: load_pack(PACK_DIR), 5)
    pack = load_pack(PACK_DIR)
    procedures = len(pack.events["death"].procedures)
    print(f"sample-city pack: {len(pack.procedures)} procedures, death event {procedures} procedures")
    print(summary("pack load (YAML + schema + compile + check)", loads))
    modes: dict[str, Callable[[], object]] = {
        COLD: lambda: navigate(pack, "death", Facts.checked(pack.facts, FACTS), TODAY),
        REPARSE: lambda: navigate(reparsed(pack, "death"), "death", Facts.checked(pack.facts, FACTS), TODAY),
    }
    interleaved(modes, 1)  # warm up the interpreter and the holiday tables
    figures = interleaved(modes, 40)
    for name, values in figures.items():
        print(summary(name, values))
    medians = {name: statistics.median(values) for name, values in figures.items()}
    cold = medians[COLD]
    print(f"re-parse baseline / ours (cold medians): {medians[REPARSE] / cold:.1f}x")
    print(f"target: cold median <= 1 ms: {'met' if cold <= 1 else 'NOT met'} ({cold:.3f} ms)")
    navigation = navigate(pack, "death", Facts.checked(pack.facts, FACTS), TODAY)
    required, to_confirm = navigation.by_status("required"), navigation.by_status("to_confirm")
    questions = len(navigation.questions)
    print(f"result: {len(required)} required, {len(to_confirm)} to confirm, {questions} questions")


if __name__ == "__main__":
    main()
