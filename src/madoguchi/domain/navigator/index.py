"""What the navigator derives once per pack: compiled procedures and a bounded result cache.

Both live in the pack's own cache (`Pack.cache`), never in module globals, so a result can only
ever be served for the pack that computed it, and everything goes away with the pack.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter
from typing import Generic, TypeVar

from madoguchi.domain.navigator.decide import Decided, Run, compile_run
from madoguchi.domain.navigator.questions import Ranker, probe_values, question_ranker
from madoguchi.domain.navigator.results import Head, Tail
from madoguchi.domain.packs.facts import FlatCoercer, flat_coercer
from madoguchi.domain.packs.model import Department, Pack, Procedure

V = TypeVar("V")

RESULT_CACHE_LIMIT = 20_000
# Fact types whose coerced values are hashable, and equal only when they are shown alike.
PLAIN_TYPES = frozenset({"bool", "int", "string", "date"})


@dataclass(frozen=True, slots=True)
class CompiledProcedure:
    """A procedure with what every navigation needs about it worked out in advance."""

    procedure: Procedure
    department: Department
    # Facts the result depends on: the condition's facts, then the deadline's anchors.
    reads: tuple[str, ...]
    # For reads that are all declared bool, int, string or date facts: the C-level getter of
    # their values, usable in a cache key as they are (None: lists and the like need converting).
    plain_reads: Callable[[Mapping[str, object]], object] | None
    # Interview facts of the condition, each with the answers worth trying (see questions.py).
    probes: tuple[tuple[str, tuple[object, ...]], ...]
    # The procedure's `decide`: the condition's compiled closures, its outcomes worked out in
    # advance where there are only a few, its deadline and its own result fields (decide.py).
    run: Run


class ResultCache(Generic[V]):
    """A bounded mapping safe to share between threads: lock-free reads, serialised writes."""

    __slots__ = ("_entries", "_lock", "limit")

    def __init__(self, limit: int = RESULT_CACHE_LIMIT) -> None:
        """Keep at most `limit` entries; the oldest quarter goes when it is full."""
        self.limit = limit
        self._entries: dict[Hashable, V] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        """Return the value kept for the key, or None."""
        return self._entries.get(key)

    def put(self, key: Hashable, value: V) -> None:
        """Keep the value for the key, evicting the oldest entries when the cache is full."""
        with self._lock:
            if len(self._entries) >= self.limit:
                for old in list(islice(self._entries, max(1, self.limit // 4))):
                    del self._entries[old]
            self._entries[key] = value

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


@dataclass(frozen=True, slots=True)
class CompiledEvent:
    """An event's compiled procedures in its order, and `rank_questions` made for it."""

    procedures: tuple[CompiledProcedure, ...]
    rank_questions: Ranker


@dataclass(frozen=True, slots=True)
class NavigatorIndex:
    """The compiled procedures of one pack and the cache of their results."""

    procedures: Mapping[str, CompiledProcedure]
    # Each event's compiled procedures, in the event's order, and its question ranking.
    events: Mapping[str, CompiledEvent]
    # Every declared fact as unknown (None): the starting point of each navigation's facts.
    blank_facts: Mapping[str, None]
    # Coerces given facts into a copy of blank_facts (see packs.facts.flat_coercer).
    coerce_into: FlatCoercer
    results: ResultCache[Decided] = field(default_factory=ResultCache)


def navigator_index(pack: Pack) -> NavigatorIndex:
    """Return the pack's navigator index, building it on first use."""
    return pack.cache.get("navigator", lambda: build_index(pack))


def build_index(pack: Pack) -> NavigatorIndex:
    """Compile every procedure of the pack."""
    procedures = {pid: _compile(pack, procedure) for pid, procedure in pack.procedures.items()}
    events = {
        eid: CompiledEvent(
            tuple(procedures[pid] for pid in event.procedures), question_ranker(event, pack.facts)
        )
        for eid, event in pack.events.items()
    }
    return NavigatorIndex(procedures, events, dict.fromkeys(pack.facts), flat_coercer(pack.facts))


def _compile(pack: Pack, procedure: Procedure) -> CompiledProcedure:
    condition = procedure.condition
    anchors = procedure.deadline.anchors if procedure.deadline else ()
    probes = []
    for name in sorted(condition.fact_names):
        spec = pack.facts.get(name)
        if spec is not None and spec.source == "interview":
            answers = probe_values(spec, condition)
            if answers:
                probes.append((name, answers))
    reads = (*sorted(condition.fact_names), *anchors)
    plain = all(name in pack.facts and pack.facts[name].type in PLAIN_TYPES for name in reads)
    # Every declared fact is present in the navigator's prepared facts, so the getter never misses.
    getter = itemgetter(*reads) if plain and reads else None
    department = pack.departments[procedure.department]
    head: Head = (procedure.id, procedure.name, procedure.kind, department.id, department.name)
    tail: Tail = (procedure.outside_city_hall, procedure.office, procedure.documents, procedure.forms)
    return CompiledProcedure(
        procedure=procedure,
        department=department,
        reads=reads,
        plain_reads=getter,
        probes=tuple(probes),
        run=compile_run(procedure, pack.facts, tuple(probes), head, tail),
    )
