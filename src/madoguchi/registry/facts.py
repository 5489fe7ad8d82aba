"""Reads of the register for the counter's facts adapter (owned by the counter engineer)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from madoguchi.registry.models import DepartmentNumber, Resident
from madoguchi.registry.numbers import HANDBOOKS, HELD_FLAGS, HELD_LISTS


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
    found = dict(DepartmentNumber.objects.filter(atena_no=atena_no).values_list("kind", "number"))
    # The 返還届 of a 障害者手帳 prints one 手帳: the first the person holds, with its kind circled.
    held = next((kind for kind in HANDBOOKS if kind in found), None)
    if held is not None:
        found.update(handbook_number=found[held], handbook_kind=HANDBOOKS[held][0])
    return found


def department_holdings(atena_no: str) -> dict[str, object]:
    """Return what a person holds as far as the imported numbers tell (one query): a yes/no or a list
    (the pack's words) by name of ``numbers.HELD_FLAGS`` and ``numbers.HELD_LISTS``; absent: unknown.

    A kind of number is imported as a whole (every holder), so once a city imports it, a person
    without one holds none; a list is ruled out only when every kind of it is imported.
    """
    kinds = [*HELD_FLAGS.values(), *(kind for words in HELD_LISTS.values() for kind in words)]
    numbers = DepartmentNumber.objects
    row = (
        Resident.objects.filter(atena_no=atena_no)
        .values(
            **{f"imported_{kind}": Exists(numbers.filter(kind=kind)) for kind in kinds},
            **{
                f"held_{kind}": Exists(numbers.filter(kind=kind, atena_no=OuterRef("atena_no")))
                for kind in kinds
            },
        )
        .first()
    ) or {}
    imported = {kind for kind in kinds if row.get(f"imported_{kind}")}
    held = {kind for kind in kinds if row.get(f"held_{kind}")}
    found: dict[str, object] = {}
    for name, kind in HELD_FLAGS.items():
        if kind in imported:
            found[name] = kind in held
    for name, words in HELD_LISTS.items():
        values = [word for kind, word in words.items() if kind in held]
        if values or imported.issuperset(words):
            found[name] = values
    return found
