"""The bereavement corner's pure rules: when a family can be booked (slots, closed days, lead time)."""

from madoguchi.domain.okuyami.slots import (
    Corner,
    SlotProblem,
    business_days_after,
    check_slot,
    closed_reason,
    earliest_day,
    open_days,
    slot_times,
)

__all__ = [
    "Corner",
    "SlotProblem",
    "business_days_after",
    "check_slot",
    "closed_reason",
    "earliest_day",
    "open_days",
    "slot_times",
]
