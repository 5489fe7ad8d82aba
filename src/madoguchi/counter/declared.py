"""What the register holds of a person of the visit, and the typed values that differ from it.

A value filled from a person's register record with one click (新しい世帯主・喪主・相続人代表者)
and changed afterwards is the resident's declaration: it is printed, and staff see it beside the
register's value before the resident confirms and when printing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from madoguchi.counter.formdata import ACCOUNT_PATHS, FormQuestion, group_title, mask_account, person_key
from madoguchi.counter.models import CasePerson
from madoguchi.domain.japanese import ValueKind, differs_from_register, shown

if TYPE_CHECKING:
    from madoguchi.registry.models import Resident

# The person data compared with the register; 続柄 and the phone number are only ever typed.
COMPARED = {
    "name": ValueKind.NAME,
    "kana": ValueKind.KANA,
    "birth_date": ValueKind.DATE,
    "address": ValueKind.ADDRESS,
}
FIELD_LABELS = {"name": "氏名", "kana": "フリガナ", "birth_date": "生年月日", "address": "住所"}


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """A typed value that differs from its person's register record, both as staff read them."""

    path: str  # the form value's data path, or role.field for a person of the visit
    label: str
    declared: str
    recorded: str


def register_person_values(resident: Resident | None, typed: dict[str, Any]) -> dict[str, Any]:
    """Return a person's stored values: from the register record, else as typed."""
    if resident is None:
        keys = ("name", "kana", "birth_date", "sex", "postal_code", "address", "phone", "relationship")
        return {key: typed.get(key) or ("" if key != "birth_date" else None) for key in keys}
    return {
        "name": resident.name,
        "kana": resident.kana,
        "birth_date": resident.birth_date,
        "sex": resident.get_sex_display(),
        "postal_code": resident.postal_code,
        "address": " ".join(part for part in (resident.address, resident.address_detail) if part),
        "phone": resident.phone,
        "relationship": typed.get("relationship", ""),
    }


def declared_discrepancies(
    *,
    people: Sequence[CasePerson],
    form_values: Mapping[str, Any],
    form_people: Mapping[str, int],
    labels: Mapping[str, str],
    role_labels: Mapping[str, str],
) -> tuple[Discrepancy, ...]:
    """Return the form values and people's typed data that differ from the register, in page order."""
    by_pk = {p.pk: p for p in people}
    found: list[Discrepancy] = []
    for path, pk in form_people.items():
        person, key = by_pk.get(pk), person_key(path)
        if person is None or person.resident is None or key not in COMPARED:
            continue
        recorded = register_person_values(person.resident, {})[key]
        label = labels.get(path) or f"{group_title(path)}：{FIELD_LABELS[key]}"  # a value kept, not asked
        found += _compared(path, label, key, form_values.get(path), recorded)
    for person in people:
        if person.resident is None:
            continue
        recorded_values = register_person_values(person.resident, {})
        role = role_labels.get(person.role, person.get_role_display())
        for key in COMPARED:
            label = f"{role}：{FIELD_LABELS[key]}"
            found += _compared(f"{person.role}.{key}", label, key, getattr(person, key), recorded_values[key])
    return tuple(found)


def _compared(path: str, label: str, key: str, declared: object, recorded: object) -> list[Discrepancy]:
    kind = COMPARED[key]
    if not differs_from_register(kind, declared, recorded):
        return []
    return [Discrepancy(path, label, shown(kind, declared), shown(kind, recorded))]


@dataclass(frozen=True, slots=True)
class FilledValue:
    """A form value already given, as the case page lists it, with its discrepancy if any."""

    label: str
    value: object
    discrepancy: Discrepancy | None


@dataclass(frozen=True, slots=True)
class FilledGroup:
    """The given values of one group of form values (相続人代表者 …), which staff can correct."""

    key: str
    title: str
    values: tuple[FilledValue, ...]


def filled_groups(
    groups: Sequence[FormQuestion], form_values: Mapping[str, Any], declared: Sequence[Discrepancy]
) -> list[FilledGroup]:
    """Return the groups with values given, account numbers masked, discrepancies beside their values."""
    by_path = {d.path: d for d in declared}
    found = []
    for group in groups:
        values = tuple(
            FilledValue(
                item.label,
                mask_account(form_values[item.path])
                if item.path in ACCOUNT_PATHS
                else form_values[item.path],
                by_path.get(item.path),
            )
            for item in group.inputs
            if form_values.get(item.path) not in (None, "", [])
        )
        if values:
            found.append(FilledGroup(group.key, group.title, values))
    return found
