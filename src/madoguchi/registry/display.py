"""How a resident is shown: status badges, 和暦 and western dates, ages, the JSON of `madoguchi search`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from madoguchi.domain.japanese import age_on, format_wareki
from madoguchi.registry.models import Resident

# CSS modifier per status: current residents calm, 除票 loud, so nobody picks a deceased namesake.
BADGE_CLASSES = {
    Resident.Status.RESIDENT: "status--resident",
    Resident.Status.MOVED_OUT: "status--moved",
    Resident.Status.DECEASED: "status--deceased",
    Resident.Status.REMOVED: "status--removed",
}


def wareki(d: date | None) -> str:
    """Return 平成5年1月1日 for a date, or an empty string."""
    return format_wareki(d) if d else ""


def both_calendars(d: date | None) -> str:
    """Return 平成5年1月1日（1993年）, the way forms and staff read dates."""
    return f"{format_wareki(d)}（{d.year}年）" if d else ""


def age_text(resident: Resident, today: date | None = None) -> str:
    """Return the age now, or at the day the person left the register (死亡・転出)."""
    on = resident.removed_on if resident.status != Resident.Status.RESIDENT and resident.removed_on else None
    return birth_age_text(resident.birth_date, left_on=on, today=today)


def birth_age_text(birth: date, *, left_on: date | None = None, today: date | None = None) -> str:
    """Return 「66歳」, or 「80歳（消除時）」 at the day the person left the register; "" if born later."""
    on = left_on or today or timezone.localdate()
    if on < birth:  # the register's dates disagree (a 消除 before the birth): show no age rather than fail
        return ""
    years = age_on(birth, on)
    return f"{years}歳" + ("（消除時）" if left_on else "")


def badge_class(resident: Resident) -> str:
    """Return the CSS class of the person's status badge."""
    return BADGE_CLASSES[Resident.Status(resident.status)]


def resident_json(resident: Resident) -> dict[str, Any]:
    """Return the fields of `madoguchi search --json` for one person."""
    return {
        "atena_no": resident.atena_no,
        "household_no": resident.household.household_no,
        "name": resident.name,
        "kana": resident.kana,
        "birth_date": resident.birth_date.isoformat(),
        "birth_date_wareki": wareki(resident.birth_date),
        "sex": resident.get_sex_display(),
        "status": resident.get_status_display(),
        "address": resident.address,
        "restricted": resident.restricted,
    }
