"""Template filters for resident pages: 和暦 dates, ages and status badges."""

from __future__ import annotations

from datetime import date

from django import template

from madoguchi.registry import display
from madoguchi.registry.models import Resident

register = template.Library()


@register.filter
def wareki(value: date | None) -> str:
    return display.wareki(value)


@register.filter
def both_calendars(value: date | None) -> str:
    return display.both_calendars(value)


@register.filter
def age(resident: Resident) -> str:
    return display.age_text(resident)


@register.filter
def badge_class(resident: Resident) -> str:
    return display.badge_class(resident)
