"""Benchmark the navigator: pack load time and one death navigation (73 procedures).

Prints our figures beside two baselines measured in the same run, both the plain algorithm
(trace every condition, word reasons from the trace, copy the facts for every probed answer):
one re-parses every condition from its text on each call (a naive "evaluate the YAML text"
navigator), the other uses the pack's parsed conditions (the navigator before compilation).
"Cold" means the pack's result cache is off, so every procedure is decided from scratch. The
modes run in turns of ten calls each (see `interleaved`), each on its own copy of the pack, so
a busy machine slows them alike. Run:

    .venv/bin/python bench/navigator.py
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from madoguchi.domain.navigator import navigate
from madoguchi.domain.navigator.deadlines import anchor_date, make_deadline
from madoguchi.domain.navigator.navigate import STATUS_BY_VALUE, clear_cache, flatten_facts
from madoguchi.domain.navigator.questions import probe_values
from madoguchi.domain.navigator.reasons import reasons_for
from madoguchi.domain.packs import Pack, coerce_facts, load_pack
from madoguchi.domain.rules import UNKNOWN, Expression, TraceNode, compile_expression, read_fact

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


def _trace_unknown(node: TraceNode, names: dict[str, None]) -> None:
    if node.fact is not None and node.value is UNKNOWN:
        names[node.fact] = None
    for child in node.children:
        _trace_unknown(child, names)


def _walked(pack: Pack, condition: Expression, facts: dict[str, Any], today: dt.date, pid: str) -> object:
    procedure = pack.procedures[pid]
    evaluation = condition.evaluate(facts)
    status = STATUS_BY_VALUE.get(evaluation.value, "to_confirm")
    names: dict[str, None] = {}
    for atom in evaluation.decisive():
        _trace_unknown(atom, names)
    rule, deadline = procedure.deadline, None
    if rule is not None and status != "not_needed":
        anchors = {name: read_fact(facts, name) for name in rule.anchors}
        deadline = make_deadline(rule, anchor_date(rule, anchors), today, pack.urgent_days)
    deciding = []
    for name in sorted(condition.fact_names) if status == "to_confirm" else ():
        spec = pack.facts.get(name)
        if spec is None or spec.source != "interview" or read_fact(facts, name) is not UNKNOWN:
            continue
        answers = probe_values(spec, condition)
        if any(condition.root.value({**facts, name: answer}) is not UNKNOWN for answer in answers):
            deciding.append(name)
    return status, reasons_for(evaluation, pack.facts), tuple(names), deadline, deciding


def tree_walk(pack: Pack, event_id: str, facts: dict[str, Any], today: dt.date, *, reparse: bool) -> object:
    """Navigate with the plain algorithm; with `reparse`, compile each condition from its text first."""
    values, _ = coerce_facts(pack.facts, facts)
    values.setdefault("today", today)
    flat = flatten_facts(values)
    results = []
    for pid in pack.events[event_id].procedures:
        condition = pack.procedures[pid].condition
        condition = compile_expression(condition.text) if reparse else condition
        results.append(_walked(pack, condition, flat, today, pid))
    return results


def first_navigations(repeat: int) -> list[float]:
    """Return the time of the first navigation after each load (it compiles the pack's index)."""
    result = []
    for _ in range(repeat):
        fresh = load_pack(PACK_DIR)
        start = time.perf_counter()
        navigate(fresh, "death", FACTS, TODAY)
        result.append((time.perf_counter() - start) * 1000)
    return result


def answer_sequence(pack: Pack) -> Callable[[], object]:
    """Return a call that adds one answer per call, as at the counter, starting over when done."""
    answers = [{**FACTS, **dict(ANSWERS[:count])} for count in range(len(ANSWERS) + 1)]
    position = [0]

    def next_answer() -> object:
        index = position[0] % len(answers)
        if index == 0:
            clear_cache(pack)  # a new visit: nothing cached for its facts
        position[0] += 1
        return navigate(pack, "death", answers[index], TODAY)

    return next_answer


COLD = "navigate death, cache disabled (cold)"
REPARSE = "baseline: re-parse every condition per call"
WALK = "baseline: parsed once, tree walk with traces"


def main() -> None:
    """Measure and print the figures."""
    loads = timings(lambda: load_pack(PACK_DIR), 5)
    pack = load_pack(PACK_DIR)
    procedures = len(pack.events["death"].procedures)
    print(f"sample-city pack: {len(pack.procedures)} procedures, death event {procedures} procedures")
    print(summary("pack load (YAML + schema + compile + check)", loads))
    print(summary("first navigation after load (builds index)", first_navigations(5)))
    # Copies share the compiled conditions but each has its own cache: the modes cannot interfere.
    cold_pack, cleared_pack, warm_pack, answers_pack = (dataclasses.replace(pack) for _ in range(4))

    def cleared() -> object:
        clear_cache(cleared_pack)
        return navigate(cleared_pack, "death", FACTS, TODAY)

    modes: dict[str, Callable[[], object]] = {
        COLD: lambda: navigate(cold_pack, "death", FACTS, TODAY, cache=False),
        "navigate death, cache cleared each call": cleared,
        "navigate death, repeated facts (cache warm)": lambda: navigate(warm_pack, "death", FACTS, TODAY),
        "navigate death, one new answer per call": answer_sequence(answers_pack),
        REPARSE: lambda: tree_walk(pack, "death", FACTS, TODAY, reparse=True),
        WALK: lambda: tree_walk(pack, "death", FACTS, TODAY, reparse=False),
    }
    interleaved(modes, 1)  # warm up the interpreter and the holiday tables
    figures = interleaved(modes, 40)
    for name, values in figures.items():
        print(summary(name, values))
    medians = {name: statistics.median(values) for name, values in figures.items()}
    cold = medians[COLD]
    print(f"re-parse baseline / ours (cold medians): {medians[REPARSE] / cold:.1f}x")
    print(f"tree-walk baseline / ours (cold medians): {medians[WALK] / cold:.1f}x")
    print(f"target: cold median <= 1 ms: {'met' if cold <= 1 else 'NOT met'} ({cold:.3f} ms)")
    navigation = navigate(pack, "death", FACTS, TODAY)
    required, to_confirm = navigation.by_status("required"), navigation.by_status("to_confirm")
    questions = len(navigation.questions)
    print(f"result: {len(required)} required, {len(to_confirm)} to confirm, {questions} questions")


if __name__ == "__main__":
    main()
