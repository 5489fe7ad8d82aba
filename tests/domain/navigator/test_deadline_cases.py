"""Deadline cases: the first case whose condition holds wins; while undecided, the earliest date is shown."""

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from madoguchi.domain.navigator import navigate
from madoguchi.domain.packs import Facts, Pack, load_pack
from madoguchi.domain.rules import compile_expression

PACK_DIR = Path(__file__).resolve().parents[3] / "packs" / "sample-city"
TODAY = dt.date(2027, 1, 20)


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack(PACK_DIR)


def birth_report(pack: Pack, child: dict) -> dt.date | None:
    facts = Facts.checked(pack.facts, {"child": {"birth_date": "2027-01-15", **child}})
    result = next(r for r in navigate(pack, "birth", facts, TODAY).procedures if r.id == "birth_report")
    assert result.deadline is not None
    return result.deadline.date


@pytest.mark.parametrize(
    ("child", "expected", "why"),
    [
        ({"born_abroad": False}, "2027-01-28", "国内: 出生日を含めて14日"),
        ({"born_abroad": True}, "2027-04-14", "国外: 出生日を含めて3か月"),
        ({}, "2027-01-28", "国内か分からないうちは早い方の14日"),
    ],
)
def test_birth_report_deadline_follows_the_place_of_birth(
    pack: Pack, child: dict, expected: str, why: str
) -> None:
    assert birth_report(pack, child) == dt.date.fromisoformat(expected), why


def test_the_chosen_case_carries_its_own_text_and_kind(pack: Pack) -> None:
    facts = Facts.checked(pack.facts, {"child": {"birth_date": "2027-01-15", "born_abroad": True}})
    result = next(r for r in navigate(pack, "birth", facts, TODAY).procedures if r.id == "birth_report")
    assert result.deadline is not None
    assert "3か月" in result.deadline.text and result.deadline.kind == "legal"


def test_a_case_that_cannot_be_evaluated_counts_as_undecided(pack: Pack) -> None:
    procedure = pack.procedures["birth_report"]
    broken = dataclasses.replace(
        procedure.deadline_cases[0], when=compile_expression("1 / child.birth_weight_g > 0")
    )
    changed = dataclasses.replace(
        pack,
        procedures={
            **pack.procedures,
            "birth_report": dataclasses.replace(procedure, deadline_cases=(broken,)),
        },
    )
    facts = Facts.checked(pack.facts, {"child": {"birth_date": "2027-01-15", "birth_weight_g": 0}})
    result = next(r for r in navigate(changed, "birth", facts, TODAY).procedures if r.id == "birth_report")
    assert result.deadline is not None and result.deadline.date == dt.date(2027, 1, 28)
