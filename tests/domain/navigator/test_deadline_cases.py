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


def death_report(pack: Pack, deceased: dict) -> dt.date | None:
    facts = Facts.checked(pack.facts, {"deceased": {"age": 70, **deceased}})
    result = next(r for r in navigate(pack, "death", facts, TODAY).procedures if r.id == "death_report")
    assert result.deadline is not None
    return result.deadline.date


@pytest.mark.parametrize(
    ("deceased", "expected", "why"),
    [
        # 戸籍法86条1項・43条1項: 1月15日を含めて7日目の1月21日(木)。
        ({"death_date": "2027-01-15", "died_abroad": False}, "2027-01-21", "国内: 知った日を含めて7日"),
        # 国外: 1月15日を含めて3か月、応当日4月15日の前日4月14日(水)。
        ({"death_date": "2027-01-15", "died_abroad": True}, "2027-04-14", "国外: 知った日を含めて3か月"),
        ({"death_date": "2027-01-15"}, "2027-01-21", "国外か分からないうちは早い方の7日"),
        # 知った日が起算日: 1月20日に知ったなら1月26日(火)。
        (
            {"death_date": "2027-01-15", "death_known_date": "2027-01-20", "died_abroad": False},
            "2027-01-26",
            "知った日から",
        ),
        # 11月17日を含めて7日目は11月23日(月・勤労感謝の日)。市の休日なので24日(火)。
        ({"death_date": "2026-11-17", "died_abroad": False}, "2026-11-24", "祝日は翌開庁日"),
    ],
)
def test_death_report_counts_the_first_day_and_gives_three_months_abroad(
    pack: Pack, deceased: dict, expected: str, why: str
) -> None:
    assert death_report(pack, deceased) == dt.date.fromisoformat(expected), why


def divorce_report(pack: Pack, divorce: dict) -> tuple[dt.date | None, str]:
    facts = Facts.checked(pack.facts, {"divorce": {"date": "2027-01-15", **divorce}})
    result = next(r for r in navigate(pack, "divorce", facts, TODAY).procedures if r.id == "divorce_report")
    assert result.deadline is not None
    return result.deadline.date, result.deadline.kind


@pytest.mark.parametrize(
    ("divorce", "expected", "kind"),
    [
        # 戸籍法77条・63条: 判決確定の1月15日を含めて10日目の1月24日(日)→25日(月)。
        ({"type": "判決"}, "2027-01-25", "legal"),
        ({"type": "調停"}, "2027-01-25", "legal"),
        # 協議離婚は届出で成立するので期限はない（日付を示さない）。
        ({"type": "協議"}, None, "guide"),
        # 種類が分からないうちは裁判上の離婚の期限を示す（遅い日を示さない）。
        ({}, "2027-01-25", "legal"),
    ],
)
def test_divorce_report_has_a_deadline_only_for_a_divorce_by_the_court(
    pack: Pack, divorce: dict, expected: str | None, kind: str
) -> None:
    date, actual_kind = divorce_report(pack, divorce)
    assert date == (dt.date.fromisoformat(expected) if expected else None)
    assert actual_kind == kind
