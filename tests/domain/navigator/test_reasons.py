"""Reasons are worded from the decisive atoms of a condition's trace, in one place."""

import pytest

from madoguchi.domain.navigator.reasons import reasons_for
from madoguchi.domain.packs import FactSpec
from madoguchi.domain.rules import compile_expression

SPECS = {
    "a": FactSpec("a", "bool", "interview", "故人が世帯主"),
    "n": FactSpec("n", "int", "registry", "世帯員数", unit="人"),
    "s": FactSpec("s", "string", "registry", "医療保険", ("国保", "後期高齢")),
    "lst": FactSpec("lst", "list", "registry", "手帳", ("身体", "療育")),
}


@pytest.mark.parametrize(
    ("condition", "facts", "expected"),
    [
        ("a", {"a": True}, ("故人が世帯主：はい",)),
        ("a", {}, ("故人が世帯主：未確認",)),
        ("not a", {"a": True}, ("故人が世帯主：はい",)),
        ("n >= 2", {"n": 1}, ("世帯員数：1人（2人以上）",)),
        ("s == '国保'", {"s": "国保"}, ("医療保険：国保",)),
        ("s == '国保'", {"s": "後期高齢"}, ("医療保険：後期高齢（国保ではない）",)),
        ("s in ['国保', '後期高齢']", {"s": "国保"}, ("医療保険：国保（国保・後期高齢のいずれか）",)),
        ("len(lst) > 0", {"lst": ["身体", "療育"]}, ("手帳：身体・療育",)),
        ("len(lst) > 0", {"lst": []}, ("手帳：なし",)),
        # Any other shape is worded from its source, facts replaced by their labels.
        ("n + 1 > 2", {"n": 1}, ("世帯員数 + 1 > 2：いいえ",)),
        # Every decisive atom once, in order; literals alone name no fact.
        ("a and n >= 2", {"a": True, "n": 2}, ("故人が世帯主：はい", "世帯員数：2人（2人以上）")),
        ("a or a", {}, ("故人が世帯主：未確認",)),
        ("true", {}, ("すべての場合に対象となる手続です",)),
        ("false or false", {}, ("対象外の手続です",)),
    ],
)
def test_each_atom_shape_is_worded(condition: str, facts: dict, expected: tuple[str, ...]) -> None:
    evaluation = compile_expression(condition).evaluate(facts)
    assert reasons_for(evaluation.value, evaluation.decisive(), SPECS) == expected
