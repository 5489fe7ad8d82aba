"""The fictitious demo register: deterministic, plausible, and importable in both encodings."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command

from madoguchi.domain.japanese import age_on, parse_date
from madoguchi.registry.demo import SURNAMES, TODAY, DemoRegister, check_digit, write_demo_csv
from madoguchi.registry.models import Resident
from madoguchi.registry.services import residents_import

COUNT = 6000


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return list(DemoRegister(COUNT, seed=7).rows())


def share(rows, predicate) -> float:
    return sum(1 for row in rows if predicate(row)) / len(rows)


def age(row) -> int:
    return age_on(parse_date(row["生年月日"]), TODAY)


def test_the_same_seed_gives_the_same_register():
    one, two, other = io.StringIO(), io.StringIO(), io.StringIO()
    write_demo_csv(one, count=500, seed=3)
    write_demo_csv(two, count=500, seed=3)
    write_demo_csv(other, count=500, seed=4)
    assert one.getvalue() == two.getvalue() != other.getvalue()


@pytest.mark.parametrize(
    ("what", "predicate", "low", "high"),
    [
        ("aged 65+ among current residents", lambda r: age(r) >= 65, 0.34, 0.42),
        ("除票 (moved out, deceased)", lambda r: r["住民状態"] != "1", 0.02, 0.04),
        ("foreign residents", lambda r: r["住民種別"] == "2", 0.01, 0.02),
        ("支援措置", lambda r: r["支援措置"] == "1", 0.0005, 0.01),
        (
            "異体字 or MJ characters in the surname",
            lambda r: any(c in r["氏名"] for c in "髙齋齊𠮷邊邉﨑澤濱櫻廣"),
            0.05,
            0.4,
        ),
    ],
)
def test_the_register_looks_like_a_small_japanese_city(rows, what, predicate, low, high):
    population = [r for r in rows if r["住民状態"] == "1"] if "65+" in what else rows
    assert low <= share(population, predicate) <= high, what


def test_insurance_flags_follow_age(rows):
    for row in rows:
        years = age(row)
        assert (row["後期高齢"] == "1") == (years >= 75)
        assert (row["介護保険"] == "1") == (years >= 65)
        assert not (row["国保"] == "1" and years >= 75)


def test_kana_matches_the_name(rows):
    readings = dict(SURNAMES)
    for row in rows:
        if row["住民種別"] == "1":
            surname, kana = row["氏名"].split("　")[0], row["氏名フリガナ"].split("　")[0]
            assert readings[surname] == kana


def test_households_have_one_head_first_and_plausible_relations(rows):
    households: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        households.setdefault(row["世帯番号"], []).append(row)
    relations = Counter(row["続柄"] for row in rows)
    assert set(relations) <= {
        "世帯主",
        "妻",
        "夫",
        "子",
        "子の妻",
        "子の夫",
        "子の子",
        "母",
        "縁故者",
        "同居人",
    }
    assert relations["子の子"] > 0 and relations["子の妻"] + relations["子の夫"] > 0
    for members in households.values():
        assert members[0]["続柄"] == "世帯主" and members[0]["記載順位"] == "1"
        assert [m["続柄"] for m in members].count("世帯主") == 1


def test_foreign_residents_have_residence_status_and_some_an_alias(rows):
    foreign = [r for r in rows if r["住民種別"] == "2"]
    assert all(r["在留資格"] and r["国籍"] for r in foreign)
    assert any(r["通称"] for r in foreign)


@pytest.mark.parametrize("serial", [1, 19, 123456, 999999])
def test_atena_numbers_carry_a_modulus_11_check_digit(serial):
    weighted = sum(int(d) * (2 + i % 6) for i, d in enumerate(reversed(str(serial))))
    assert (weighted + check_digit(serial)) % 11 in (0, 1)


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8", "cp932"])
def test_the_demo_file_imports_cleanly(tmp_path, encoding):
    out = tmp_path / "demo.csv"
    call_command(
        "demo_residents", "--count", "1500", "--seed", "2", "--out", str(out), "--encoding", encoding
    )
    with out.open("rb") as stream:
        report = residents_import(stream=stream)
    assert report.ok, report.lines()
    assert report.added == 1500
    assert Resident.objects.filter(name__contains="𠮷").exists() == (encoding == "utf-8")


@pytest.mark.django_db
def test_the_demo_numbers_follow_the_register_flags_and_import():
    from madoguchi.registry.demo import write_demo_numbers_csv
    from madoguchi.registry.models import DepartmentNumber
    from madoguchi.registry.services import department_numbers_import

    register, numbers = io.StringIO(), io.StringIO()
    write_demo_csv(register, count=800, seed=5)
    assert write_demo_numbers_csv(numbers, count=800, seed=5) > 800
    assert residents_import(stream=io.BytesIO(register.getvalue().encode())).ok
    report = department_numbers_import(stream=io.BytesIO(numbers.getvalue().encode("cp932")))
    assert report.ok and report.outside_register == 0, report.lines()
    late = set(Resident.objects.filter(late_elderly_insurance=True).values_list("atena_no", flat=True))
    numbered = set(
        DepartmentNumber.objects.filter(kind="late_elderly_number").values_list("atena_no", flat=True)
    )
    assert late == numbered
    assert DepartmentNumber.objects.filter(kind="child_allowance_number").exists()
    assert DepartmentNumber.objects.filter(kind="handbook_mental").exists()
