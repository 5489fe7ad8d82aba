"""The one-box search: a table of what staff type and whom they must find."""

from __future__ import annotations

import io

import pytest

from madoguchi.registry.query import parse_query
from madoguchi.registry.selectors import search
from madoguchi.registry.services import residents_import
from madoguchi.registry.visibility import RESTRICTED_PERMISSION
from tests.registry.samples import base_rows, to_csv

pytestmark = pytest.mark.django_db

EXTRA = [
    {"宛名番号": "000801", "世帯番号": "9008", "氏名": "𠮷田　さくら", "氏名フリガナ": "ヨシダ　サクラ"},
    {"宛名番号": "000901", "世帯番号": "9009", "氏名": "山田　太郎", "氏名フリガナ": "ヤマダ　タロウ"},
]


@pytest.fixture
def register(db):
    rows = base_rows()
    for extra in EXTRA:
        rows.append({**rows[5], **extra, "生年月日": "1988-08-08", "続柄": "世帯主", "支援措置": "0"})
    report = residents_import(stream=io.BytesIO(to_csv(rows)))
    assert report.ok, report.lines()


def found(text: str, *, entitled: bool = False) -> list[str]:
    return [r.atena_no for r in search(text, viewer=_Entitled() if entitled else None).residents]


class _Entitled:
    """A viewer holding the 支援措置 entitlement."""

    is_authenticated = True

    def has_perm(self, perm: str, obj: object = None) -> bool:
        return perm == RESTRICTED_PERMISSION


# Results come exact matches first, then in 五十音順 of the reading, then by birth date.
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # 氏名（漢字）: full name, surname only, given name only, with or without the space
        ("山田　太郎", ["000101", "000901"]),
        ("山田太郎", ["000101", "000901"]),
        ("山田", ["000103", "000101", "000901", "000102"]),  # 五十音順: イチロウ, タロウ, タロウ, ハナコ
        ("花子", ["000102"]),
        # フリガナ: hiragana, katakana, half-width katakana, small kana typed large (キヨウコ / きょうこ)
        ("やまだ　はなこ", ["000102"]),
        ("ヤマダ ハナコ", ["000102"]),
        ("ﾔﾏﾀﾞ ｲﾁﾛｳ", ["000103"]),
        ("さいとう きょうこ", ["000301"]),
        ("いちろう", ["000201", "000103"]),
        # 異体字: 高橋 finds 髙橋, 斉藤 and 斎藤 find 齋藤, 宮崎 finds 宮﨑, 吉田 finds 𠮷田, 渡辺 finds 渡邊
        ("高橋", ["000201", "000202"]),
        ("斉藤", ["000301"]),
        ("斎藤恭子", ["000301"]),
        ("宮崎", ["000501"]),
        ("吉田", ["000801"]),
        ("渡辺", ["000401"]),
        # 生年月日 in every notation, alone and with a name
        ("4050101", ["000301", "000103"]),
        ("19930101", ["000301", "000103"]),
        ("H5.1.1", ["000301", "000103"]),
        ("平成5年1月1日", ["000301", "000103"]),
        ("やまだ 4050101", ["000103"]),
        ("山田 S45.4.1", ["000101"]),
        ("山田 昭和45年4月1日", ["000101"]),
        # 生まれ年 with a name: western (a bare 1970 may also be a 宛名番号), 和暦 and its letter
        ("やまだ たろう 1970", ["000101"]),
        ("山田 1972年", ["000102"]),
        ("山田 S45", ["000101"]),
        ("やまだ 昭和47年", ["000102"]),
        ("やまだ h5", ["000103"]),
        ("山田 平成元年", []),
        # 宛名番号
        ("000202", ["000202"]),
        # 通称 of a foreign resident, and the alphabet name
        ("中村", ["000701"]),
        ("なかむら あん", ["000701"]),
        ("nguyen", ["000701"]),
        # surname in kanji, given name in kana
        ("山田 はなこ", ["000102"]),
        ("やまだ 花子", ["000102"]),
        # nothing
        ("鈴木", []),
        ("", []),
    ],
)
def test_search_finds_the_right_people(register, typed, expected):
    assert found(typed) == expected


def test_exact_matches_come_before_longer_names(register):
    # 山田 is nobody's full name, but 山田 太郎 is an exact match for "山田太郎" and ranks first.
    result = found("やまだたろう")
    assert result[:2] == ["000101", "000901"]


def test_removed_people_are_found_with_their_status(register):
    statuses = {r.atena_no: r.get_status_display() for r in search("一郎", viewer=None).residents}
    assert statuses == {"000103": "住民", "000201": "死亡"}
    assert search("渡辺", viewer=None).residents[0].get_status_display() == "転出"
    assert search("宮崎", viewer=None).residents[0].get_status_display() == "消除"


def test_restricted_people_are_hidden_without_the_permission(register):
    assert found("さとう") == []
    assert found("さとう", entitled=True) == ["000601"]


def test_results_stop_at_50_and_say_so(db):
    rows = [
        {**base_rows()[0], "宛名番号": f"{i:06d}", "世帯番号": f"{i:06d}", "続柄": "世帯主"}
        for i in range(60)
    ]
    residents_import(stream=io.BytesIO(to_csv(rows)))
    result = search("やまだ", viewer=None)
    assert len(result.residents) == 50
    assert result.capped
    exactly = search("やまだ", viewer=None, limit=60)
    assert len(exactly.residents) == 60 and not exactly.capped


def test_a_date_that_does_not_exist_is_explained(register):
    result = search("令和7年2月30日", viewer=None)
    assert result.residents == []
    assert result.query.problems == ("令和7年2月30日は存在しない日付です",)


def test_an_exact_match_is_shown_first_even_when_the_list_is_cut_at_50(db):
    rows = [
        {**base_rows()[0], "宛名番号": f"{i:06d}", "世帯番号": f"{i:06d}", "続柄": "世帯主"}
        for i in range(60)
    ]
    rows.append(
        {
            **rows[0],
            "宛名番号": "999999",
            "世帯番号": "999999",
            "氏名": "山田　太",
            "氏名フリガナ": "ヤマダ　フトシ",
        }
    )
    residents_import(stream=io.BytesIO(to_csv(rows)))
    result = search("山田太", viewer=None)
    assert result.capped
    assert result.residents[0].atena_no == "999999"


@pytest.mark.parametrize(
    ("typed", "year"),
    [
        ("はしもと かずお 1959", 1959),
        ("S34", 1959),
        ("昭和34年", 1959),
        ("昭34", 1959),
        ("1959年", 1959),
        ("R元", 2019),
    ],
)
def test_a_birth_year_is_read_from_western_or_japanese_years(typed, year):
    query = parse_query(typed)
    years = [*query.birth_years, *(n.birth_year for n in query.numbers)]
    assert years == [year]
    assert not query.problems


@pytest.mark.parametrize(
    ("typed", "said"), [("S65", "昭和65年はありません"), ("1200年", "生まれ年として読めません")]
)
def test_an_impossible_birth_year_is_explained(typed, said):
    assert said in parse_query(typed).problems[0]
