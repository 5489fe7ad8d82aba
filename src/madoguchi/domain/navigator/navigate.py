"""Decide, explain and date every procedure of a life event for the facts known so far."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from typing import Any

from madoguchi.domain.navigator.decide import Decided
from madoguchi.domain.navigator.index import CompiledProcedure, NavigatorIndex, navigator_index
from madoguchi.domain.navigator.results import STATUS_BY_VALUE, Navigation, ProcedureResult
from madoguchi.domain.packs.facts import coerce_facts
from madoguchi.domain.packs.model import Pack

__all__ = [
    "STATUS_BY_VALUE",
    "Navigation",
    "NavigationError",
    "ProcedureResult",
    "clear_cache",
    "flatten_facts",
    "navigate",
]


class NavigationError(ValueError):
    """Facts or an event the pack cannot navigate; the message is Japanese."""


def navigate(
    pack: Pack, event_id: str, facts: Mapping[str, Any], today: dt.date, *, cache: bool = True
) -> Navigation:
    """Return the status, reasons and deadline of every procedure of the event, and next questions.

    With `cache` (the default) results are kept in the pack's own bounded cache, keyed by the
    facts each procedure reads, so an answer re-decides only the procedures that read it.
    """
    if event_id not in pack.events:
        known = "・".join(pack.events)
        raise NavigationError(f"イベント「{event_id}」は手続パック「{pack.id}」にありません（{known}）")
    index = navigator_index(pack)
    values = _prepared(pack, index, facts, today)
    event = index.events[event_id]
    if cache:
        decided = [_cached(pack, index, procedure, values, today) for procedure in event.procedures]
    else:
        urgent_days = pack.urgent_days
        decided = [procedure.run(values, today, urgent_days) for procedure in event.procedures]
    results: list[ProcedureResult] = []
    decides: dict[str, list[str]] = {}
    for result, deciding in decided:
        results.append(result)
        for name in deciding:
            if name in decides:
                decides[name].append(result.id)
            else:
                decides[name] = [result.id]
    return Navigation(event_id, pack.id, pack.version, today, tuple(results), event.rank_questions(decides))


def clear_cache(pack: Pack) -> None:
    """Forget the pack's cached results (benchmarks measure the path without them)."""
    navigator_index(pack).results.clear()


def _prepared(pack: Pack, index: NavigatorIndex, facts: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    # Flat dotted keys make every fact read one dict lookup; conditions read flat keys first.
    # Declared facts not given are present as None (unknown), so no read falls back to a
    # nested walk that could only fail: coerced facts nest only plain dicts, all flattened here.
    flat: dict[str, Any] = dict(index.blank_facts)
    values = index.coerce_into(flat, facts)
    if values is None:
        # Something to report, or unusual: the plain two steps, which word the messages.
        values, messages = coerce_facts(pack.facts, facts)
        if messages:
            raise NavigationError("事実の値が正しくありません: " + " / ".join(messages))
        flat = dict(index.blank_facts)
        _flatten_into(flat, values, "")
    if "today" not in values:
        flat["today"] = today
    return flat


def _cached(
    pack: Pack, index: NavigatorIndex, compiled: CompiledProcedure, facts: dict[str, object], today: dt.date
) -> Decided:
    key = _cache_key(compiled, facts, today)
    found = index.results.get(key) if key is not None else None
    if found is None:
        found = compiled.run(facts, today, pack.urgent_days)
        if key is not None:
            index.results.put(key, found)
    return found


def _cache_key(compiled: CompiledProcedure, facts: Mapping[str, object], today: dt.date) -> Hashable | None:
    # A result depends only on the facts its procedure reads (and on today for deadlines).
    if compiled.plain_reads is not None:
        # Coerced bool, int, string and date facts are hashable and equal only when shown alike.
        return (compiled.procedure.id, today, compiled.plain_reads(facts))
    key = (compiled.procedure.id, today, *[_hashable(facts.get(name)) for name in compiled.reads])
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _hashable(value: object) -> object:
    if type(value) is float:
        # 1.0 and 1 are equal keys but are shown differently in reasons.
        return (float, value)
    return tuple(value) if isinstance(value, list) else value


def flatten_facts(facts: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Return nested facts as one dict keyed by dotted names (nested dicts are kept too)."""
    flat: dict[str, Any] = {}
    _flatten_into(flat, facts, prefix)
    return flat


def _flatten_into(flat: dict[str, Any], facts: Mapping[str, Any], prefix: str) -> None:
    for key, value in facts.items():
        flat[prefix + key] = value
        if isinstance(value, dict):
            _flatten_into(flat, value, f"{prefix}{key}.")
