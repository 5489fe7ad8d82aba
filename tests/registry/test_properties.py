"""Properties: any text in the search box and any cells in a CSV line give an answer, never a crash."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from madoguchi.registry.csvformat import COLUMNS_IN_ORDER, CellError, ResidentRow, parse_row, read_header
from madoguchi.registry.query import ATENA_NO, BIRTH_DATE, KANA_NAME, KANJI_NAME, parse_query

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
    if isinstance(parsed, ResidentRow):
        assert parsed.atena_no.isdigit() and parsed.name and parsed.address
    else:
        assert parsed and all(isinstance(e, CellError) and e.line == 7 and e.column for e in parsed)
        assert all(str(e).startswith(f"7行目「{e.column}」") for e in parsed)


@given(st.text(alphabet="やまだヤマダﾔﾏﾀﾞ　 ", min_size=1, max_size=10))
def test_width_kana_kind_and_spaces_do_not_change_the_key(text):
    assert (
        parse_query(text).name_key == parse_query(text.replace("　", " ").replace("ﾔﾏﾀﾞ", "やまだ")).name_key
    )
