"""Static type checks that `pack check` runs on every condition."""

import pytest

from madoguchi.domain.rules import TypeSpec, compile_expression

FACTS = {
    "deceased.age": TypeSpec("number"),
    "deceased.is_householder": TypeSpec("bool"),
    "deceased.insurance": TypeSpec("string", ("国保", "後期高齢", "被用者保険")),
    "deceased.death_date": TypeSpec("date"),
    "deceased.handbooks": TypeSpec("list", item=TypeSpec("string", ("身体", "療育", "精神"))),
    "today": TypeSpec("date"),
}


@pytest.mark.parametrize(
    "condition",
    [
        "deceased.is_householder and deceased.age >= 65",
        "deceased.insurance == '国保' or deceased.insurance in ['後期高齢']",
        "'身体' in deceased.handbooks and len(deceased.handbooks) > 0",
        "today - deceased.death_date <= 14",
        "deceased.death_date + months(3) >= today",
        "not deceased.is_householder",
    ],
)
def test_well_typed_conditions_have_no_problems(condition: str) -> None:
    assert compile_expression(condition).check_types(FACTS) == []


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ("deceased.age >= '65'", "数値と文字列を比べています"),
        (
            "deceased.insurance == '後期高齢者'",
            "'後期高齢者' はこの事実の取りうる値（国保・後期高齢・被用者保険）",
        ),
        ("deceased.insurance in ['国保', '共済']", "'共済' はこの事実の取りうる値"),
        ("'障害' in deceased.handbooks", "'障害' はこの事実の取りうる値"),
        ("deceased.age", "真偽値ではなく数値です"),
        ("deceased.is_householder > 1", "真偽値と数値を比べています"),
        ("deceased.is_householder < false", "真偽値は大小を比べられません"),
        ("len(deceased.age) > 0", "len() にはリストか文字列を渡してください"),
        ("deceased.death_date + 3 > today", "日付と数値は「+」で計算できません"),
        ("deceased.age in 3", "「in」の右側が数値です"),
        ("deceased.sex == '男'", "事実「deceased.sex」は宣言されていません"),
        ("any(deceased.age)", "any() にはリストを渡してください"),
    ],
)
def test_type_problems_are_found_with_the_place(condition: str, message: str) -> None:
    problems = compile_expression(condition).check_types(FACTS)
    assert problems, condition
    assert message in str(problems[0])
    assert problems[0].offset is not None


def test_problem_offset_points_at_the_bad_part() -> None:
    text = "deceased.is_householder and deceased.age >= '65'"
    problems = compile_expression(text).check_types(FACTS)
    assert [p.offset for p in problems] == [text.index("deceased.age")]
