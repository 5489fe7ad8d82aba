"""Build scenario tests from scenarios/*.yaml and check what they refer to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from madoguchi.domain.packs.facts import Facts, FactsError
from madoguchi.domain.packs.model import Event, FactSpec, Problem, Scenario
from madoguchi.domain.packs.source import LocatedFile

_LISTS = ("required", "not_needed", "to_confirm", "done")


def build_scenarios(
    files: list[LocatedFile],
    events: Mapping[str, Event],
    facts: Mapping[str, FactSpec],
    problems: list[Problem],
) -> list[Scenario]:
    """Return the scenarios of all files, appending a problem for each bad reference."""
    scenarios: list[Scenario] = []
    names: set[str] = set()
    for located in files:
        for index, raw in enumerate(located.data["scenarios"]):
            path = ("scenarios", index)
            if raw["name"] in names:
                problems.append(
                    located.problem((*path, "name"), f"シナリオ名「{raw['name']}」が重複しています")
                )
            names.add(raw["name"])
            scenario = _scenario(located, path, raw, (events, facts), problems)
            if scenario is not None:
                scenarios.append(scenario)
    return scenarios


def _scenario(
    located: LocatedFile,
    path: tuple[str | int, ...],
    raw: dict[str, Any],
    pack: tuple[Mapping[str, Event], Mapping[str, FactSpec]],
    problems: list[Problem],
) -> Scenario | None:
    events, facts = pack
    event = events.get(raw["event"])
    if event is None:
        problems.append(located.problem((*path, "event"), f"イベント「{raw['event']}」はありません"))
        return None
    try:
        values = Facts.checked(facts, raw["facts"])
    except FactsError as err:
        problems.extend(located.problem((*path, "facts"), message) for message in err.messages)
        values = Facts()
    _check_ids(located, path, raw, event, problems)
    for index, name in enumerate(raw.get("questions", [])):
        if name not in facts:
            problems.append(
                located.problem((*path, "questions", index), f"事実「{name}」は宣言されていません")
            )
    on = _date(located, (*path, "on"), raw["on"], problems)
    deadlines = {
        key: _date(located, (*path, "deadlines", key), v, problems)
        for key, v in raw.get("deadlines", {}).items()
    }
    questions = raw.get("questions")
    return Scenario(
        name=raw["name"],
        event=raw["event"],
        on=on or dt.date.min,
        facts=values,
        required=tuple(raw.get("required", [])),
        not_needed=tuple(raw.get("not_needed", [])),
        done=tuple(raw.get("done", [])),
        to_confirm=tuple(raw.get("to_confirm", [])),
        questions=tuple(questions) if questions is not None else None,
        deadlines={key: value for key, value in deadlines.items() if value is not None},
        file=located.name,
        line=located.line(path),
    )


def _check_ids(
    located: LocatedFile,
    path: tuple[str | int, ...],
    raw: dict[str, Any],
    event: Event,
    problems: list[Problem],
) -> None:
    seen: set[str] = set()
    for key in (*_LISTS, "deadlines"):
        for index, procedure in enumerate(raw.get(key, [])):
            where = (*path, key, procedure if key == "deadlines" else index)
            if procedure not in event.procedures:
                problems.append(
                    located.problem(where, f"手続「{procedure}」はイベント「{event.id}」にありません")
                )
            elif procedure in seen and key != "deadlines":
                problems.append(located.problem(where, f"手続「{procedure}」が2つの状態に書かれています"))
            seen.add(procedure)


def _date(
    located: LocatedFile, path: tuple[str | int, ...], text: str, problems: list[Problem]
) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problems.append(located.problem(path, f"{text} は存在しない日付です"))
        return None
