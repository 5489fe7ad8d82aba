"""`navigate_death`: the death event navigated from register facts (issue 5, item 6)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command


@pytest.mark.django_db
def test_navigate_json_uses_register_facts(bereaved_household):
    out = io.StringIO()
    call_command(
        "navigate_death",
        deceased="100001",
        death_date="令和8年11月18日",
        on="2026-11-26",
        json=True,
        stdout=out,
    )
    result = json.loads(out.getvalue())
    statuses = {p["id"]: p["status"] for p in result["procedures"]}
    # 後期高齢 from the register flag: its loss is required; 国保 is not the deceased's insurance.
    assert statuses["death_late_elderly_loss"] == "required"
    assert statuses["death_nhi_loss"] == "not_needed"
    assert "spouse.exists" not in [q["fact"] for q in result["questions"]]


@pytest.mark.django_db
def test_facts_only_prints_what_the_register_gives(bereaved_household):
    out = io.StringIO()
    call_command("navigate_death", deceased="100001", death_date="2026-11-18", facts_only=True, stdout=out)
    facts = json.loads(out.getvalue())
    assert facts["deceased"]["insurance"] == "後期高齢"
    assert "pension" not in facts["deceased"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("atena", "date", "message"),
    [
        ("999999", "2026-11-18", "宛名番号 999999 の住民は住民記録にありません"),
        ("100001", "令和8年2月30日", "--death-date"),
    ],
)
def test_errors_are_japanese(bereaved_household, atena, date, message):
    with pytest.raises(CommandError, match=message):
        call_command("navigate_death", deceased=atena, death_date=date)
