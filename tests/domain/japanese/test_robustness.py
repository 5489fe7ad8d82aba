"""Arbitrary text never raises anything but JapaneseInputError."""

from hypothesis import given
from hypothesis import strategies as st

from madoguchi.domain.japanese import (
    JapaneseInputError,
    address_key,
    address_matches,
    kana_key,
    lookup_postal_code,
    name_key,
    split_katagaki,
)


@given(st.text(), st.text())
def test_text_functions_accept_any_text(one, other):
    assert isinstance(name_key(one), str)
    assert isinstance(kana_key(one), str)
    assert isinstance(address_key(one), str)
    assert isinstance(address_matches(one, other), bool)
    address, katagaki = split_katagaki(one)
    assert isinstance(address, str)
    assert isinstance(katagaki, str)


@given(st.text(max_size=12))
def test_postal_lookup_refuses_any_text_with_our_error(text):
    try:
        found = lookup_postal_code(text)
    except JapaneseInputError as err:
        assert "郵便番号" in str(err)
    else:
        assert found
