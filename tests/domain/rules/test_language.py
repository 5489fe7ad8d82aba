"""The condition language: parsing, Kleene truth tables, comparisons, arithmetic and traces."""

import datetime as dt

import pytest

from madoguchi.domain.rules import UNKNOWN, Period, RuleError, compile_expression, unknown_aware

U = UNKNOWN


def value(text: str, facts: dict | None = None) -> object:
    return compile_expression(text).evaluate(facts or {}).value


@pytest.mark.parametrize(
    ("a", "b", "a_and_b", "a_or_b"),
    [
        (True, True, True, True),
        (True, False, False, True),
        (True, U, U, True),
        (False, True, False, True),
        (False, False, False, False),
        (False, U, False, U),
        (U, True, U, True),
        (U, False, False, U),
        (U, U, U, U),
    ],
)
def test_kleene_truth_tables(a: object, b: object, a_and_b: object, a_or_b: object) -> None:
    facts = {k: v for k, v in {"a": a, "b": b}.items() if v is not U}
    assert value("a and b", facts) is a_and_b
    assert value("a or b", facts) is a_or_b


@pytest.mark.parametrize(("a", "expected"), [(True, False), (False, True), (U, U)])
def test_not_keeps_unknown(a: object, expected: object) -> None:
    assert value("not a", {} if a is U else {"a": a}) is expected


@pytest.mark.parametrize(
    ("condition", "facts", "expected"),
    [
        ("deceased.age >= 65", {"deceased": {"age": 82}}, True),
        ("deceased.age >= 65", {"deceased": {"age": 64}}, False),
        ("deceased.age >= 65", {"deceased": {}}, U),
        ("deceased.age >= 65", {"deceased": {"age": None}}, U),
        ("deceased.age >= 65", {"deceased.age": 70}, True),
        ("deceased.insurance == '国保'", {"deceased": {"insurance": "国保"}}, True),
        ("deceased.insurance != '国保'", {"deceased": {"insurance": "後期高齢"}}, True),
        ("deceased.insurance in ['国保', '後期高齢']", {"deceased": {"insurance": "後期高齢"}}, True),
        ("deceased.insurance not in ['国保', '後期高齢']", {"deceased": {"insurance": "なし"}}, True),
        ("'身体' in deceased.handbooks", {"deceased": {"handbooks": ["療育"]}}, False),
        ("len(deceased.handbooks) > 0", {"deceased": {"handbooks": ["身体"]}}, True),
        ("len(deceased.handbooks) > 0", {}, U),
        ("6 <= deceased.age <= 15", {"deceased": {"age": 15}}, True),
        ("6 <= deceased.age <= 15", {"deceased": {"age": 16}}, False),
        ("flag == 1", {"flag": True}, False),
        ("true", {}, True),
        ("not false", {}, True),
        ("any([a, b])", {"a": False}, U),
        ("any([a, b])", {"b": True}, True),
        ("all([a, b])", {"a": False}, False),
        ("all([a, b])", {"a": True, "b": True}, True),
        ("household.size - 1 >= 2", {"household": {"size": 3}}, True),
        ("(age + 1) * 2 // 3 % 5 == 4", {"age": 10}, False),
        ("flag == true", {"flag": 1}, False),  # 1 is a number, not a truth value
        ("count >= 1", {"count": 1.0}, True),
        ("kind != '国保'", {"kind": 3}, True),  # a number is never the string
        ("kind not in ['国保']", {"kind": 3}, True),
        ("kind in ['国保']", {}, U),
        ("p.q >= 2", {"p.q": None, "p": {"q": 5}}, U),  # a flat None wins over the nested value
        ("p.q >= 2", {"p.q": U, "p": {"q": 5}}, True),  # an unknown flat value falls back to nesting
        ("p.q >= 2", {"p": 3}, U),
    ],
)
def test_conditions_on_facts(condition: str, facts: dict, expected: object) -> None:
    assert value(condition, facts) is expected


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("date('2024-01-31') + months(1)", dt.date(2024, 2, 29)),
        ("date('2023-01-31') + months(1)", dt.date(2023, 2, 28)),
        ("date('2024-02-29') + years(1)", dt.date(2025, 2, 28)),
        ("date('2026-12-25') + days(10)", dt.date(2027, 1, 4)),
        ("date('2026-03-31') - months(1)", dt.date(2026, 2, 28)),
        ("date('2026-03-01') - date('2026-02-01')", 28),
        ("days(1) + months(2) + date('2026-01-01')", dt.date(2026, 3, 2)),
    ],
)
def test_date_arithmetic(condition: str, expected: object) -> None:
    assert value(condition) == expected


def test_dates_from_facts_compare_with_today() -> None:
    facts = {"today": dt.date(2026, 11, 30), "deceased": {"death_date": dt.date(2026, 11, 20)}}
    assert value("today - deceased.death_date <= 14", facts) is True
    assert value("deceased.death_date + months(3) > today", facts) is True


@pytest.mark.parametrize(
    ("text", "offset", "fragment"),
    [
        ("a and", 5, "書き方が正しくありません"),
        ("(a or b", 0, "括弧"),
        ("a) or (b", 1, "括弧"),
        ("a is None", 0, "「is」は使えません"),
        ("__import__('os')", 0, "関数「__import__」はありません"),
        ("open('x').read()", 0, "関数は名前で呼び出してください"),
        ("a[0]", 0, "添字"),
        ("x if y else z", 0, "if 式"),
        ("lambda: 1", 0, "lambda"),
        ("a ** 2", 0, "演算子"),
        ("f'{a}'", 0, "f文字列"),
        ("len(x=1)", 0, "名前"),
        ("a and (b or None)", 12, "値 None"),
        ("", None, "空です"),
        ("a" * 3000, None, "長すぎます"),
    ],
)
def test_invalid_conditions_say_where_and_why(text: str, offset: int | None, fragment: str) -> None:
    with pytest.raises(RuleError) as caught:
        compile_expression(text)
    assert caught.value.offset == offset
    assert fragment in str(caught.value)


def test_error_offset_counts_characters_not_bytes() -> None:
    with pytest.raises(RuleError) as caught:
        compile_expression("故人.保険 == '国保' and x[0]")
    assert caught.value.offset == len("故人.保険 == '国保' and ")


@pytest.mark.parametrize(
    ("condition", "facts", "fragment"),
    [
        ("age >= '65'", {"age": 70}, "大小を比べられません"),
        ("age >= 65", {"age": True}, "大小を比べられません"),
        ("not a", {"a": "はい"}, "真偽値ではありません"),
        ("age and b", {"age": 3}, "真偽値ではありません"),
        ("age / 0 > 1", {"age": 3}, "0 で割っています"),
        ("name in 3", {"name": "x"}, "右側はリストか文字列"),
        ("len(age) > 1", {"age": 3}, "len()"),
        ("days('x') == 1", {}, "整数"),
        ("date('2026-02-30') == 1", {}, "正しい日付ではありません"),
    ],
)
def test_runtime_type_errors_raise_rule_error(condition: str, facts: dict, fragment: str) -> None:
    expression = compile_expression(condition)
    with pytest.raises(RuleError, match=fragment):
        expression.evaluate(facts)


def test_fact_names_lists_dotted_names_but_not_functions_or_constants() -> None:
    expression = compile_expression("len(deceased.handbooks) > 0 and (spouse.exists or true) and today > x")
    assert expression.fact_names == frozenset({"deceased.handbooks", "spouse.exists", "today", "x"})


def test_extra_functions_are_merged_and_unknown_yields_unknown() -> None:
    calls = []

    def double(n: int) -> int:
        calls.append(n)
        return n * 2

    expression = compile_expression("double(x) == 4", functions={"double": double})
    assert expression.evaluate({"x": 2}).value is True
    assert expression.evaluate({}).value is U
    assert calls == [2]


def test_unknown_aware_function_receives_unknown() -> None:
    @unknown_aware
    def known(v: object) -> bool:
        return v is not UNKNOWN

    assert compile_expression("known(x)", functions={"known": known}).evaluate({}).value is False


def test_unknown_function_is_a_rule_error_listing_known_ones() -> None:
    with pytest.raises(RuleError, match=r"使える関数: .*len"):
        compile_expression("age_on(x) > 3")


def test_unknown_has_no_truth_value() -> None:
    with pytest.raises(TypeError):
        bool(UNKNOWN)


def test_trace_shows_each_step_and_the_decisive_atoms() -> None:
    expression = compile_expression("deceased.is_householder and household.remaining_count >= 2")
    evaluation = expression.evaluate(
        {"deceased": {"is_householder": True}, "household": {"remaining_count": 2}}
    )
    assert evaluation.trace.kind == "and"
    assert [c.source for c in evaluation.trace.children] == [
        "deceased.is_householder",
        "household.remaining_count >= 2",
    ]
    compare = evaluation.trace.children[1]
    assert (compare.operator, compare.children[0].value, compare.children[1].value) == (">=", 2, 2)
    assert [a.source for a in evaluation.decisive()] == [c.source for c in evaluation.trace.children]


@pytest.mark.parametrize(
    ("facts", "decisive"),
    [
        ({"a": False, "b": True}, ["a"]),
        ({"a": True, "b": False}, ["b"]),
        ({"b": False}, ["b"]),
        ({"b": True}, ["a"]),
        ({}, ["a", "b"]),
    ],
)
def test_decisive_atoms_of_and(facts: dict, decisive: list[str]) -> None:
    evaluation = compile_expression("a and b").evaluate(facts)
    assert [atom.source for atom in evaluation.decisive()] == decisive


def test_or_stops_at_first_true_and_reports_only_it() -> None:
    evaluation = compile_expression("a or b or c").evaluate({"a": False, "b": True})
    assert evaluation.value is True
    assert [atom.source for atom in evaluation.decisive()] == ["b"]
    assert len(evaluation.trace.children) == 2


def test_period_is_a_value() -> None:
    assert value("days(3) + months(1)") == Period(months=1, days=3)
