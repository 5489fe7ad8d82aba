"""Address keys agree where the same place is written differently, and the 方書 is split off."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from madoguchi.domain.japanese import address_key, address_matches, split_katagaki

# Each row: two ways to write the same address; their keys must be equal.
SAME_ADDRESS = [
    ("常盤町1番1号", "常盤町１－１"),
    ("常盤町1番1号", "常盤町1-1"),
    ("常盤町1-1", "常盤町1ー1"),  # 長音で入力されたハイフン
    ("常盤町1-1", "常盤町1‐1"),
    ("常盤町1-1", "常盤町1−1"),  # マイナス記号
    ("常盤町1-1", "常盤町1ｰ1"),
    ("常盤町一丁目1番1号", "常盤町1-1-1"),
    ("常盤町一丁目1-1", "常盤町１丁目１番１号"),
    ("常盤町123番地4", "常盤町123-4"),
    ("常盤町123番地の4", "常盤町123-4"),
    ("常盤町123番地ノ4", "常盤町１２３－４"),
    ("常盤町百二十三番地四", "常盤町123-4"),
    ("常盤町一〇五番地", "常盤町105"),
    ("常盤町 1-1", "常盤町1-1"),
    ("大字益田123番地", "益田123"),
    ("旭ヶ丘2-3", "旭ケ丘2-3"),
    ("山﨑町1-1", "山崎町1-1"),
]


@pytest.mark.parametrize(("one", "other"), SAME_ADDRESS)
def test_the_same_address_written_differently_has_one_key(one, other):
    assert address_key(one) == address_key(other)


# Each row: addresses that must stay apart.
DIFFERENT_ADDRESSES = [
    ("常盤町一丁目1-1", "常盤町1-1"),  # 丁目の有無は別の場所
    ("常盤町1-1", "常盤町1-11"),
    ("常盤町1-1", "常磐町1-1"),
    ("三重県津市1-1", "3重県津市1-1"),  # 地名の漢数字はそのまま
    ("四日市市1-1", "4日市市1-1"),
]


@pytest.mark.parametrize(("one", "other"), DIFFERENT_ADDRESSES)
def test_different_addresses_keep_different_keys(one, other):
    assert address_key(one) != address_key(other)


# Each row: two addresses and whether they are the same place.
MATCHES = [
    ("島根県益田市常盤町1番1号", "常盤町１－１", True),
    ("島根県益田市常盤町1番1号", "益田市常盤町1-1", True),
    ("島根県益田市常盤町1番1号", "常盤町一丁目1-1", False),
    ("島根県益田市常盤町1番1号", "盤町1-1", False),  # 町名の途中からは一致としない
    ("島根県益田市常盤町1番1号", "1-1", False),
    ("島根県益田市常盤町1番1号", "", False),
]


@pytest.mark.parametrize(("one", "other", "same"), MATCHES)
def test_addresses_match_with_or_without_prefecture_and_city(one, other, same):
    assert address_matches(one, other) is same
    assert address_matches(other, one) is same


# Each row: an address as stored, the part up to the block number, and the 方書.
KATAGAKI = [
    ("常盤町1-1 メゾン益田201号室", "常盤町1-1", "メゾン益田201号室"),
    ("常盤町１－１　グランドハイツ１０１", "常盤町１－１", "グランドハイツ１０１"),
    ("常盤町1番1号益田ハイツ3号", "常盤町1番1号", "益田ハイツ3号"),
    ("常盤町1-1メゾン益田201", "常盤町1-1", "メゾン益田201"),
    ("北1条西2丁目3-4 サンハイツ5F", "北1条西2丁目3-4", "サンハイツ5F"),
    ("四日市市諏訪町1番5号", "四日市市諏訪町1番5号", ""),
    ("一番町三丁目5番 ビル", "一番町三丁目5番", "ビル"),
    ("大字益田123番地の4　山田方", "大字益田123番地の4", "山田方"),
    ("常盤町1-1-201", "常盤町1-1-201", ""),
    ("三重県津市", "三重県津市", ""),
]


@pytest.mark.parametrize(("stored", "address", "katagaki"), KATAGAKI)
def test_katagaki_is_split_off_after_the_block_number(stored, address, katagaki):
    assert split_katagaki(stored) == (address, katagaki)


@given(st.text(alphabet="常盤町益田市丁目番地号の一二三十123４５－ー- 　メゾン", max_size=20))
def test_address_key_is_idempotent_and_split_keeps_every_character(text):
    assert address_key(address_key(text)) == address_key(text)
    address, katagaki = split_katagaki(text)
    assert address_key(address + katagaki) == address_key(text)
