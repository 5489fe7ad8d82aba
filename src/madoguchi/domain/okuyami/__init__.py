"""The bereavement corner's pure rules: when a family can be booked (slots, closed days, lead time)."""

from madoguchi.domain.okuyami.sheet import Confirmation, confirmation_lines
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
    "Confirmation",
    "Corner",
    "SlotProblem",
    "business_days_after",
    "check_slot",
    "closed_reason",
    "confirmation_lines",
    "earliest_day",
    "open_days",
    "slot_times",
]
