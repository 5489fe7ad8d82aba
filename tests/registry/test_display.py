"""Ages beside a resident: 満年齢 today or at the 消除, nothing when the register's dates disagree."""

from __future__ import annotations

from datetime import date

from madoguchi.registry.display import birth_age_text


def test_age_today_and_at_the_removal():
    assert birth_age_text(date(1960, 4, 2), today=date(2026, 4, 1)) == "65歳"
    assert birth_age_text(date(1946, 1, 1), left_on=date(2026, 11, 18)) == "80歳（消除時）"


def test_a_removal_before_the_birth_shows_no_age_instead_of_failing():
    assert birth_age_text(date(2026, 12, 1), left_on=date(2026, 11, 18)) == ""
    assert birth_age_text(date(2027, 1, 1), today=date(2026, 12, 5)) == ""
