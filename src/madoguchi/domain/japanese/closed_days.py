"""City hall's closed days: Saturdays, Sundays, national holidays (祝日) and 12月29日〜1月3日."""

from __future__ import annotations

import datetime as dt

import jpholiday

from madoguchi.domain.japanese.wareki import WEEKDAYS


def closed_day_reason(day: dt.date) -> str | None:
    """Return why city hall is closed on the day (年末年始, 祝日（元日）, 土曜日 …), or None when open."""
    if (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3):
        return "年末年始（12月29日〜1月3日）"
    holiday = jpholiday.is_holiday_name(day)
    if holiday:
        return f"祝日（{holiday}）"
    if day.weekday() >= 5:
        return f"{WEEKDAYS[day.weekday()]}曜日"
    return None
