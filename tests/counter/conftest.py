"""A small register for counter tests: a deceased householder with wife and son; a family moving out."""

from __future__ import annotations

import datetime as dt

import pytest

from madoguchi.domain.japanese import kana_key, name_key
from madoguchi.registry.models import Household, Resident

DEATH_DATE = dt.date(2026, 11, 18)


def make_resident(
    household: Household, atena_no: str, name: str, kana: str, birth: dt.date, **extra
) -> Resident:
    # The keys as the register import computes them: the full name, and the given name after the space.
    given = name.split(maxsplit=1)[1] if len(name.split()) == 2 else ""
    given_kana = kana.split(maxsplit=1)[1] if len(kana.split()) == 2 else ""
    values = {
        "relation": "世帯主",
        "sex": "1",
        "status": Resident.Status.RESIDENT,
        "address": "サンプル市東町三丁目4番地5",
        "postal_code": "6990203",
        **extra,
    }
    return Resident.objects.create(
        household=household,
        atena_no=atena_no,
        name=name,
        kana=kana,
        birth_date=birth,
        name_key=name_key(name),
        given_name_key=name_key(given),
        kana_key=kana_key(kana),
        given_kana_key=kana_key(given_kana),
        **values,
    )


@pytest.fixture
def bereaved_household(db: None) -> dict[str, Resident]:
    """鈴木 一郎 (世帯主, died 2026-11-18, 後期高齢, 印鑑登録), his wife and their son."""
    household = Household.objects.create(household_no="H0001")
    deceased = make_resident(
        household,
        "100001",
        "鈴木　一郎",
        "スズキ　イチロウ",
        dt.date(1941, 2, 11),
        status=Resident.Status.DECEASED,
        removed_on=DEATH_DATE,
        late_elderly_insurance=True,
        care_insurance=True,
        seal_registered=True,
        household_order=1,
    )
    wife = make_resident(
        household,
        "100002",
        "鈴木　花子",
        "スズキ　ハナコ",
        dt.date(1945, 5, 1),
        relation="妻",
        sex="2",
        late_elderly_insurance=True,
        household_order=2,
    )
    son = make_resident(
        household,
        "100003",
        "鈴木　健一",
        "スズキ　ケンイチ",
        dt.date(1976, 8, 3),
        relation="子",
        national_health_insurance=True,
        household_order=3,
    )
    return {"deceased": deceased, "wife": wife, "son": son}


@pytest.fixture
def moving_household(db: None) -> dict[str, Resident]:
    """山田 family of three moving out: father (国保), mother and a 10-year-old child."""
    household = Household.objects.create(household_no="H0002")
    return {
        "father": make_resident(
            household,
            "200001",
            "山田　太郎",
            "ヤマダ　タロウ",
            dt.date(1985, 4, 2),
            national_health_insurance=True,
            household_order=1,
        ),
        "mother": make_resident(
            household,
            "200002",
            "山田　美咲",
            "ヤマダ　ミサキ",
            dt.date(1987, 9, 9),
            relation="妻",
            sex="2",
            national_health_insurance=True,
            household_order=2,
        ),
        "child": make_resident(
            household,
            "200003",
            "山田　陽向",
            "ヤマダ　ヒナタ",
            dt.date(2016, 6, 1),
            relation="子",
            national_health_insurance=True,
            household_order=3,
        ),
    }
