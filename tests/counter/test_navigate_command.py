"""`madoguchi navigate death --deceased`: the death event navigated from register facts (issue 5, item 6)."""

from __future__ import annotations

import json

import pytest

from madoguchi.commands.navigate import run
from madoguchi.counter.facts import death_facts_from_register
from madoguchi.domain.japanese import parse_date


@pytest.mark.django_db
def test_navigate_json_uses_register_facts(bereaved_household, capsys):
    code = run(
        ["death", "--deceased", "100001", "--death-date", "令和8年11月18日", "--on", "2026-11-26", "--json"]
    )
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    statuses = {p["id"]: p["status"] for p in result["procedures"]}
    # 後期高齢 from the register flag: its loss is required; 国保 is not the deceased's insurance.
    assert statuses["death_late_elderly_loss"] == "required"
    assert statuses["death_nhi_loss"] == "not_needed"
    assert "spouse.exists" not in [q["fact"] for q in result["questions"]]


@pytest.mark.django_db
def test_register_gives_only_what_it_knows(bereaved_household):
    facts = death_facts_from_register("100001", parse_date("2026-11-18"))
    assert facts["deceased.insurance"] == "後期高齢"
    assert not any(name.startswith("deceased.pension.") for name in facts)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("atena", "date", "message"),
    [
        ("999999", "2026-11-18", "宛名番号 999999 の住民は住民記録にありません"),
        ("100001", "令和8年2月30日", "--death-date"),
    ],
)
def test_errors_are_japanese(bereaved_household, capsys, atena, date, message):
    assert run(["death", "--deceased", atena, "--death-date", date]) == 1
    assert message in capsys.readouterr().out
