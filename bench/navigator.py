"""Benchmark the navigator: pack load time and one death navigation (73 procedures).

Prints our figures beside a baseline measured in the same run that re-parses every condition on
each call (what a naive "evaluate the YAML text" navigator would do). Run:

    .venv/bin/python bench/navigator.py
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType

from madoguchi.domain.navigator import navigate
from madoguchi.domain.navigator.navigate import clear_memo
from madoguchi.domain.packs import Pack, load_pack
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
ANSWERS = [
    ("answers.funeral_held", True),
    ("deceased.pension.receiving", True),
    ("deceased.pension.mynumber_registered", False),
    ("answers.was_employed", False),
    ("answers.has_real_estate", True),
    ("answers.has_car", False),
    ("answers.has_dog", False),
    ("answers.has_bank_accounts", True),
]


def timings(function: Callable[[], object], repeat: int) -> list[float]:
    """Return the wall-clock time of each call, in milliseconds."""
    result = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        result.append((time.perf_counter() - start) * 1000)
    return result


def summary(name: str, values: list[float]) -> str:
    """Return median and p99 of the timings."""
    p99 = statistics.quantiles(values, n=100)[98] if len(values) >= 100 else max(values)
    return f"{name:<46} median {statistics.median(values):8.3f} ms   p99 {p99:8.3f} ms"


def reparsed(pack: Pack) -> Pack:
    """Return the pack with every condition compiled again from its text (the baseline's work)."""
    procedures = {
        pid: dataclasses.replace(p, condition=compile_expression(p.condition.text))
        for pid, p in pack.procedures.items()
    }
    return dataclasses.replace(pack, procedures=MappingProxyType(procedures))


def main() -> None:
    """Measure and print the figures."""
    loads = timings(lambda: load_pack(PACK_DIR), 5)
    pack = load_pack(PACK_DIR)
    procedures = len(pack.events["death"].procedures)
    print(f"sample-city pack: {len(pack.procedures)} procedures, death event {procedures} procedures")
    print(summary("pack load (YAML + schema + compile + check)", loads))

    def cold() -> None:
        clear_memo()
        navigate(pack, "death", FACTS, TODAY)

    def baseline() -> None:
        clear_memo()
        navigate(reparsed(pack), "death", FACTS, TODAY)

    answers: list[dict[str, object]] = []
    for count in range(len(ANSWERS) + 1):
        answers.append({**FACTS, **dict(ANSWERS[:count])})
    sequence_index = [0]

    def next_answer() -> None:
        # Each call adds one answer, as at the counter: only procedures reading it are re-decided.
        facts = answers[sequence_index[0] % len(answers)]
        if sequence_index[0] % len(answers) == 0:
            clear_memo()
        sequence_index[0] += 1
        navigate(pack, "death", facts, TODAY)

    for function in (cold, baseline):  # warm up caches of the interpreter, holidays, probes
        function()
    ours_cold = timings(cold, 300)
    base = timings(baseline, 100)
    warm = timings(lambda: navigate(pack, "death", FACTS, TODAY), 1000)
    sequence = timings(next_answer, 450)
    print(summary("navigate death, compiled, no memo (cold)", ours_cold))
    print(summary("navigate death, repeated facts (memo warm)", warm))
    print(summary("navigate death, one new answer per call", sequence))
    print(summary("baseline: re-parse every condition per call", base))
    ratio = statistics.median(base) / statistics.median(ours_cold)
    print(f"baseline / ours (cold medians): {ratio:.1f}x")
    navigation = navigate(pack, "death", FACTS, TODAY)
    required, to_confirm = navigation.by_status("required"), navigation.by_status("to_confirm")
    questions = len(navigation.questions)
    print(f"result: {len(required)} required, {len(to_confirm)} to confirm, {questions} questions")


if __name__ == "__main__":
    main()
