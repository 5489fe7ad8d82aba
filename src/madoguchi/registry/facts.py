"""Reads of the register for the counter's facts adapter (owned by the counter engineer)."""

from __future__ import annotations

from madoguchi.registry.models import DepartmentNumber, Resident
from madoguchi.registry.numbers import HANDBOOK


def resident_and_household_by_atena(atena_no: str) -> tuple[Resident, list[Resident]] | None:
    """Return the person with this 宛名番号 and every member of their household (除票 included)."""
    resident = Resident.objects.select_related("household").filter(atena_no=atena_no).first()
    if resident is None:
        return None
    return resident, household_members(resident)


def household_members(resident: Resident) -> list[Resident]:
    """Return every member of the person's household in 記載順位 order, the person included."""
    return list(resident.household.members.order_by("household_order", "birth_date", "atena_no"))


def department_numbers(atena_no: str) -> dict[str, str]:
    """Return the departments' numbers of a person as forms read them (nhi_number, handbook_kind …)."""
    found: dict[str, str] = {}
    for kind, number, note in DepartmentNumber.objects.filter(atena_no=atena_no).values_list(
        "kind", "number", "note"
    ):
        found[kind] = number
        if kind == HANDBOOK:
            found["handbook_kind"] = note
    return found
