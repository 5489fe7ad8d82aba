"""Load a pack directory: read YAML with lines, validate the schema, build and cross-check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import MappingProxyType
from typing import Any

from madoguchi.domain.packs.events import EventBuilder
from madoguchi.domain.packs.model import Department, FactSpec, Pack, PackError, Problem
from madoguchi.domain.packs.offices import build_offices, missing_departments
from madoguchi.domain.packs.scenario_files import build_scenarios
from madoguchi.domain.packs.schema import validate
from madoguchi.domain.packs.source import LocatedFile, read_yaml


def load_pack(path: str | Path) -> Pack:
    """Load and check a pack; raise PackError listing every problem if there is any."""
    pack, problems = _load(Path(path))
    if problems or pack is None:
        raise PackError(problems)
    return pack


def check_pack(path: str | Path) -> list[Problem]:
    """Return every problem of the pack, sorted by file and line (empty when it is sound)."""
    return _load(Path(path))[1]


def _read(root: Path, relative: str, kind: str, problems: list[Problem]) -> LocatedFile | None:
    located = read_yaml(root / relative, str(root / relative))
    problems.extend(located.problems)
    if located.data is None:
        return None
    schema_problems = validate(located, kind)
    problems.extend(schema_problems)
    return None if schema_problems else located


def _load(root: Path) -> tuple[Pack | None, list[Problem]]:
    if not (root / "pack.yaml").is_file():
        return None, [Problem(str(root / "pack.yaml"), None, f"{root} に pack.yaml がありません")]
    problems: list[Problem] = []
    meta = _read(root, "pack.yaml", "pack", problems)
    facts_file = _file_or_missing(root, "facts.yaml", "facts", problems)
    sources_file = (
        _read(root, "sources.yaml", "sources", problems) if (root / "sources.yaml").is_file() else None
    )
    departments = _departments(meta, problems)
    offices_file = (
        _read(root, "offices.yaml", "offices", problems) if (root / "offices.yaml").is_file() else None
    )
    offices = build_offices(offices_file, departments, problems) if offices_file else None
    facts = _facts(facts_file, problems)
    sources = {s["id"]: s["title"] for s in sources_file.data["sources"]} if sources_file else {}
    # Without a valid pack.yaml every department reference would be reported: skip that check.
    known_departments = departments if meta is not None else None
    builder = EventBuilder(
        root,
        known_departments,
        facts,
        frozenset(sources) if sources_file else None,
        office_ids=offices.outside_ids if offices else None,
    )
    for event_path in sorted((root / "events").glob("*.yaml")):
        located = _read(root, f"events/{event_path.name}", "event", problems)
        if located is not None:
            builder.add(located, event_path.stem)
    problems.extend(builder.problems)
    if offices_file is not None and offices is not None:
        inside = {p.department for p in builder.procedures.values() if not p.outside_city_hall}
        for department in missing_departments(departments, offices, inside):
            message = (
                f"部署「{department.name}」（{department.id}）は市役所の手続を受け持ちますが、"
                "departments に階・窓口がありません"
            )
            problems.append(offices_file.problem(("departments",), message))
    if not builder.events:
        problems.append(
            Problem(str(root / "events"), None, "イベントのファイル（events/*.yaml）がありません")
        )
    scenario_files = [
        located
        for path in sorted((root / "scenarios").glob("*.yaml"))
        if (located := _read(root, f"scenarios/{path.name}", "scenarios", problems)) is not None
    ]
    scenarios = build_scenarios(scenario_files, builder.events, facts, problems)
    problems.sort(key=lambda p: (p.file, p.line or 0))
    if meta is None or facts_file is None or problems:
        return None, problems
    data: dict[str, Any] = meta.data
    based_on = data.get("based_on")
    pack = Pack(
        path=root,
        id=data["id"],
        name=data["name"],
        version=data["version"],
        valid_from=dt.date.fromisoformat(data["valid_from"]),
        licence=data["licence"],
        municipality_name=data["municipality"]["name"],
        municipality_code=data["municipality"]["code"],
        based_on=(based_on["pack"], based_on["version"]) if based_on else None,
        urgent_days=int(data.get("urgent_days", 7)),
        departments=MappingProxyType(departments),
        facts=MappingProxyType(facts),
        events=MappingProxyType(builder.events),
        procedures=MappingProxyType(builder.procedures),
        scenarios=tuple(scenarios),
        sources=MappingProxyType(sources),
        offices=MappingProxyType(offices.places if offices else {}),
        city_hall=offices.city_hall if offices else None,
        corner=offices.corner if offices else None,
    )
    return pack, problems


def _file_or_missing(root: Path, relative: str, kind: str, problems: list[Problem]) -> LocatedFile | None:
    if not (root / relative).is_file():
        problems.append(Problem(str(root / relative), None, f"{relative} がありません"))
        return None
    return _read(root, relative, kind, problems)


def _departments(meta: LocatedFile | None, problems: list[Problem]) -> dict[str, Department]:
    departments: dict[str, Department] = {}
    if meta is None:
        return departments
    try:
        dt.date.fromisoformat(meta.data["valid_from"])
    except ValueError:
        problems.append(meta.problem(("valid_from",), f"{meta.data['valid_from']} は存在しない日付です"))
    for index, raw in enumerate(meta.data["departments"]):
        if raw["id"] in departments:
            problems.append(
                meta.problem(("departments", index, "id"), f"部署 ID「{raw['id']}」が重複しています")
            )
        departments.setdefault(raw["id"], Department(raw["id"], raw["name"], index))
    return departments


def _facts(located: LocatedFile | None, problems: list[Problem]) -> dict[str, FactSpec]:
    facts: dict[str, FactSpec] = {}
    if located is None:
        return facts
    for name, raw in located.data["facts"].items():
        path = ("facts", name)
        if raw["source"] == "interview" and not raw.get("question"):
            problems.append(
                located.problem(path, f"聞き取りの事実「{name}」に質問文（question）がありません")
            )
        if raw.get("values") and raw["type"] not in ("string", "list"):
            message = f"事実「{name}」: values は string か list の事実にだけ書けます"
            problems.append(located.problem((*path, "values"), message))
        facts[name] = FactSpec(
            name=name,
            type=raw["type"],
            source=raw["source"],
            label=raw["label"],
            values=tuple(raw.get("values", [])),
            unit=raw.get("unit", ""),
            question=raw.get("question", ""),
            help=raw.get("help", ""),
        )
    return facts
