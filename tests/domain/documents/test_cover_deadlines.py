"""The cover sheet tells the family a duty's 期限 from a claim's 時効 and an irreversible choice."""

from __future__ import annotations

import datetime as dt

import pytest

from madoguchi.domain.documents.cover import Visit, cover_lines
from madoguchi.domain.navigator import Status, navigate
from madoguchi.domain.packs import DeadlineKind, Facts, load_pack

from .conftest import PACK

ON = dt.date(2027, 2, 1)
FACTS = {
    "deceased": {"age": 74, "death_date": "2027-01-22", "insurance": "被用者保険"},
    "answers": {"was_family_dependent": True, "was_employed": False, "has_debts": True},
}


@pytest.fixture(scope="module")
def cover() -> str:
    pack = load_pack(PACK)
    navigation = navigate(pack, "death", Facts.checked(pack.facts, FACTS), ON)
    required = tuple(p for p in navigation.procedures if p.status == Status.REQUIRED)
    visit = Visit("おくやみ手続のご案内", "サンプル市", "R9-001", ON, {}, navigation.procedures, required)
    return "\n".join(line.text for line in cover_lines(visit, []))


def line_of(cover: str, name: str) -> str:
    return next(line for line in cover.splitlines() if line.startswith(f"・{name}"))


def test_a_duty_is_printed_as_a_deadline(cover):
    # 死亡届: 1月22日を含めて7日目の1月28日(木)。
    assert line_of(cover, "死亡届").endswith("期限 令和9年1月28日（過ぎています。お早めに）")


def test_a_claim_is_printed_as_the_time_its_right_expires(cover):
    # 家族埋葬料: 死亡日の翌日から2年の時効は2029年1月22日(月)。休日でも延びない。
    line = line_of(cover, "家族埋葬料")
    assert "請求の時効 令和11年1月22日" in line
    assert "期限" not in line


def test_an_irreversible_choice_says_so(cover):
    # 相続放棄: 翌日から3か月の末日4月22日(木)。家庭裁判所の休日ではない。
    assert "厳守の期限（過ぎると取り返しがつきません） 令和9年4月22日" in line_of(cover, "相続放棄")


@pytest.mark.parametrize(
    ("kind", "staff", "family"),
    [
        (DeadlineKind.LEGAL, "法定期限", "期限"),
        (DeadlineKind.CLAIM, "時効（請求できる期限）", "請求の時効"),
        (DeadlineKind.IRREVERSIBLE, "取り返しのつかない期限", "厳守の期限（過ぎると取り返しがつきません）"),
        (DeadlineKind.GUIDE, "目安", "目安"),
    ],
)
def test_every_kind_has_a_name_for_staff_and_for_the_family(kind, staff, family):
    assert (kind.label, kind.resident_label) == (staff, family)
