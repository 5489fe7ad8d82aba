"""Demo bookings for `madoguchi demo`: a corner and three families booked on the next open days."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from madoguchi.accounts.models import Staff
from madoguchi.domain.okuyami import earliest_day, open_days, slot_times
from madoguchi.okuyami.models import Booking, Corner
from madoguchi.okuyami.services import BookingError, CornerSettings, Family, booking_create, corner_save
from madoguchi.registry.models import Resident

DEMO_CORNER = CornerSettings(
    name="おくやみコーナー",
    place="本庁舎1階 市民課となり（おくやみコーナー）",
    phone="0852-00-1234",
    weekdays=(0, 1, 2, 3, 4),
    opens=dt.time(9),
    closes=dt.time(16),
    slot_minutes=90,
    seats=2,
    lead_days=2,
)


def demo_bookings_create(*, counter_username: str) -> int:
    """Create the demo corner and three bookings once (a second run changes nothing); return how many."""
    staff = Staff.objects.filter(username=counter_username).first()
    if staff is None or Booking.objects.exists():
        return 0
    corner = Corner.objects.first() or corner_save(settings=DEMO_CORNER, actor=None)
    # Deceased residents the demo visits do not use (they take the first three).
    deceased = Resident.objects.filter(status=Resident.Status.DECEASED, restricted=False).order_by(
        "atena_no"
    )[3:6]
    days = open_days(corner.rules(), earliest_day(corner.rules(), timezone.localdate()))
    times = slot_times(corner.rules())
    first = next(days)
    # Two families on the first open day, one on the next.
    plan = [(first, times[0]), (first, times[1 % len(times)]), (next(days), times[0])]
    made = 0
    for (day, start), resident in zip(plan, deceased, strict=False):
        family = Family(
            contact_name="（デモ）連絡先の家族",
            contact_phone="090-0000-0000",
            contact_relationship="子",
            attendees="長男・長女",
        )
        try:
            booking_create(
                corner=corner,
                day=day,
                start=start,
                deceased=resident,
                death_date=resident.removed_on or timezone.localdate(),
                family=family,
                answers={"answers.funeral_held": True},
                actor=staff,
            )
        except BookingError:
            continue
        made += 1
    return made
