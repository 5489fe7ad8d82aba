"""Properties: any text in the search box and any cells in a CSV line give an answer, never a crash."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from madoguchi.domain.japanese import kana_key, name_key
from madoguchi.registry.csvformat import (
    COLUMNS_IN_ORDER,
    CellError,
    _given,
    _NameKeys,
    parse_row,
    read_header,
)
from madoguchi.registry.query import (
    ATENA_NO,
    BIRTH_DATE,
    FIRST_BIRTH_YEAR,
    KANA_NAME,
    KANJI_NAME,
    parse_query,
)

HEADER = read_header(list(COLUMNS_IN_ORDER))
cells = st.text(
    alphabet=st.sampled_from("0123456789０１２ 　-/.年月日平成令和HSやまだヤマダｱ髙𠮷,\"'"), max_size=12
)


@given(st.text(max_size=40))
@settings(max_examples=150)
def test_any_search_text_is_understood_or_explained(text):
    query = parse_query(text)
    assert set(query.kinds) <= {KANJI_NAME, KANA_NAME, BIRTH_DATE, ATENA_NO}
    assert query.is_empty == (not query.kinds)
    assert all(isinstance(problem, str) and problem for problem in query.problems)


@given(st.lists(cells, min_size=len(COLUMNS_IN_ORDER), max_size=len(COLUMNS_IN_ORDER)))
@settings(max_examples=150)
def test_any_line_gives_a_person_or_errors_that_name_line_and_column(values):
    parsed = parse_row(HEADER, values, 7)
    if isinstance(parsed, dict):
        assert parsed["宛名番号"].isdigit() and parsed["氏名"] and parsed["住所"]
    else:
        assert parsed and all(isinstance(e, CellError) and e.line == 7 and e.column for e in parsed)
        assert all(str(e).startswith(f"7行目「{e.column}」") for e in parsed)


@given(st.text(alphabet="やまだヤマダﾔﾏﾀﾞ　 ", min_size=1, max_size=10))
def test_width_kana_kind_and_spaces_do_not_change_the_key(text):
    assert (
        parse_query(text).name_key == parse_query(text.replace("　", " ").replace("ﾔﾏﾀﾞ", "やまだ")).name_key
    )


# Characters whose key depends on their neighbours (々, ゝ, ヴァ, ー beside Latin, ﾞ) and plain ones.
tricky = st.sampled_from("山田髙𠮷々ゝゞヽヾヴゔァぁっーｰﾞﾟｶﾞA-Za ・かカ﨑")
names = st.text(alphabet=tricky, min_size=1, max_size=5)


@given(names, names)
@settings(max_examples=2000)
def test_keys_built_from_memoised_parts_equal_the_keys_of_the_whole_name(surname, given_name):
    full = f"{surname}　{given_name}"
    for fold, keys in ((name_key, _NameKeys(name_key)), (kana_key, _NameKeys(kana_key))):
        assert keys.full[full] == fold(full)
        assert keys.given[full] == fold(_given(full))


@given(st.sampled_from(["明治", "大正", "昭和", "平成", "令和", "M", "T", "S", "H", "R"]), st.integers(0, 99))
def test_an_era_year_gives_a_year_inside_that_era_or_a_reason(era, number):
    query = parse_query(f"{era}{number}")
    if query.birth_years:
        (year,) = query.birth_years
        assert year >= FIRST_BIRTH_YEAR
        assert not query.problems
    else:
        assert query.problems
