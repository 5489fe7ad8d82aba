"""Read offices.yaml: city hall, the bereavement corner, each department's counter, the outside offices."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from madoguchi.domain.packs.model import Department, Office, Problem
from madoguchi.domain.packs.source import LocatedFile, Path_

# 0852-00-1234, 03-1234-5678, 0120-000-000: what a family can dial (an extension may follow in brackets).
PHONE = re.compile(r"^0\d{1,4}-\d{1,4}-\d{3,4}(（[^（）]+）)?$")
PLACE_KEYS = ("floor", "counter", "hours", "phone", "address", "note")


@dataclass
class Offices:
    """What offices.yaml says, ready for the Pack."""

    places: dict[str, Office] = field(default_factory=dict)
    city_hall: Office | None = None
    corner: Office | None = None

    @property
    def outside_ids(self) -> frozenset[str]:
        """Return the ids a procedure's `place` may name."""
        return frozenset(key for key, office in self.places.items() if not office.inside)


def build_offices(
    located: LocatedFile, departments: Mapping[str, Department], problems: list[Problem]
) -> Offices:
    """Build the offices of a schema-valid offices.yaml, reporting wrong references and phone numbers."""
    data: dict[str, Any] = located.data
    found = Offices()
    found.city_hall = _office(located, ("city_hall",), "city_hall", data["city_hall"], problems)
    hall = found.city_hall
    if "corner" in data:
        corner = _office(located, ("corner",), "corner", data["corner"], problems)
        found.corner = _with_hall(corner, hall)
    for key, raw in data["departments"].items():
        path: Path_ = ("departments", key)
        if key not in departments:
            problems.append(located.problem(path, f"部署「{key}」は pack.yaml の departments にありません"))
            continue
        office = _office(located, path, key, {"name": departments[key].name, **raw}, problems)
        found.places[key] = _with_hall(office, hall)
    for index, raw in enumerate(data.get("offices", [])):
        path = ("offices", index, "id")
        if raw["id"] in found.places or raw["id"] in departments:
            problems.append(located.problem(path, f"機関 ID「{raw['id']}」が部署や他の機関と重複しています"))
            continue
        office = _office(located, ("offices", index), raw["id"], raw, problems)
        found.places[raw["id"]] = replace(office, inside=False)
    return found


def missing_departments(
    departments: Mapping[str, Department], offices: Offices, inside: set[str]
) -> list[Department]:
    """Return the departments that run procedures in city hall but have no place in offices.yaml."""
    return [d for d in departments.values() if d.id in inside and d.id not in offices.places]


def _office(
    located: LocatedFile, path: Path_, key: str, raw: dict[str, Any], problems: list[Problem]
) -> Office:
    phone = raw.get("phone", "")
    if phone and not PHONE.match(phone):
        message = f"電話番号「{phone}」は 0852-00-1234 のようにハイフンで区切って書いてください"
        problems.append(located.problem((*path, "phone"), message))
    return Office(id=key, name=raw["name"], **{k: raw[k] for k in PLACE_KEYS if k in raw})


def _with_hall(office: Office, hall: Office | None) -> Office:
    """Return the office with city hall's address and hours where it gives none of its own."""
    if hall is None:
        return office
    return replace(office, address=office.address or hall.address, hours=office.hours or hall.hours)
