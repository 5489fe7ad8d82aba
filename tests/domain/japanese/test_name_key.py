"""Name search keys: staff must find a person however the name was typed or stored."""

import jaconv
import pytest
from hypothesis import given
from hypothesis import strategies as st

from madoguchi.domain.japanese import kana_key, name_key, to_full_width, to_katakana
from madoguchi.domain.japanese.itaiji import itaiji_table

# Each row: two ways the same name reaches us; their keys must be equal.
SAME_NAME = [
    ("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ　タロウ"),  # 半角カナ・半角スペース
    ("やまだ たろう", "ヤマダタロウ"),  # ひらがな・スペースなし
    ("キヨウコ", "キョウコ"),  # 基幹系の大書きの拗音
    ("ホツタ", "ホッタ"),  # 大書きの促音
    ("ｷｮｳｺ", "きょうこ"),
    ("オーノ", "オｰノ"),  # 半角の長音
    ("オーノ", "オ－ノ"),  # 全角ハイフン
    ("オーノ", "オ‐ノ"),
    ("オーノ", "オ−ノ"),  # マイナス記号
    ("オーノ", "オ―ノ"),  # ダッシュ
    ("ヴァイオリン", "バイオリン"),
    ("ヴィクトリア", "ビクトリア"),
    ("ヴ", "ブ"),
    ("チヂワ", "チジワ"),
    ("ツヅキ", "ツズキ"),
    ("ジョン・スミス", "ジョン スミス"),
    ("ジョン＝スミス", "ジョンスミス"),
    ("SMITH, JOHN", "smith john"),
    ("ＳＭＩＴＨ　ＪＯＨＮ", "Smith John"),
    ("SMITH-JONES MARY", "SMITH JONES MARY"),
    ("O'BRIEN", "OBRIEN"),
    ("JOSÉ", "JOSE"),
    ("山田　太郎", "山田 太郎"),
    ("山田太郎", "山田　　太郎"),
    ("髙橋", "高橋"),
    ("山﨑", "山崎"),
    ("齋藤", "斎藤"),
    ("齊藤", "斉藤"),
    ("渡邊", "渡辺"),
    ("渡邉", "渡辺"),
    ("澤田", "沢田"),
    ("濱田", "浜田"),
    ("櫻井", "桜井"),
    ("國井", "国井"),
    ("廣瀬", "広瀬"),
    ("小嶋", "小島"),
    ("德永", "徳永"),
    ("惠子", "恵子"),
    ("眞一", "真一"),
    ("冨田", "富田"),
    ("𠮷田", "吉田"),
    ("一郞", "一郎"),
    ("佐々木", "佐佐木"),
    ("辻󠄀", "辻"),  # 異体字セレクタ付き
    ("斉󠄃藤", "斎藤"),
    ("いすゞ", "いすず"),
    ("㈱", "(株)"),
]


@pytest.mark.parametrize(("one", "other"), SAME_NAME)
def test_the_same_name_typed_differently_has_one_key(one, other):
    assert name_key(one) == name_key(other)


# Each row: names that must stay apart.
DIFFERENT_NAMES = [
    ("オオノ", "オノ"),
    ("サトウ", "サイトウ"),
    ("高橋", "高穚"),
    ("ハシモト", "ハジモト"),  # 濁点は畳まない
    ("ハマダ", "ハマタ"),
    ("ヨウコ", "ヨーコ"),  # 長音とウは別
]


@pytest.mark.parametrize(("one", "other"), DIFFERENT_NAMES)
def test_different_names_keep_different_keys(one, other):
    assert name_key(one) != name_key(other)


def test_kana_key_does_not_fold_kanji():
    assert kana_key("ﾔﾏﾀﾞ ﾀﾛｳ") == kana_key("やまだ　たろう")
    assert kana_key("髙橋") != kana_key("高橋")


@pytest.mark.parametrize(
    ("typed", "katakana"), [("やまだ たろう", "ヤマダ タロウ"), ("ｷｮｳｺ", "キョウコ"), ("ゔぁ", "ヴァ")]
)
def test_to_katakana_keeps_small_kana_and_spaces(typed, katakana):
    assert to_katakana(typed) == katakana


def test_to_full_width_for_printing():
    assert to_full_width("ｺｳﾉ 1-2 A") == "コウノ　１－２　Ａ"


def test_folding_table_is_large_and_never_chains():
    table = itaiji_table()
    assert len(table) >= 150
    assert not set(table.values()) & set(table)


KATAKANA = (
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"
    "ガギグゲゴザジズゼゾダデドバビブベボパピプペポァィゥェォャュョッー"
)
names = st.text(alphabet=KATAKANA + "ABCXYZ", min_size=1, max_size=12)
spaces = st.sampled_from([" ", "　", "", "  "])


@given(st.text())
def test_key_is_idempotent(text):
    assert name_key(name_key(text)) == name_key(text)
    assert kana_key(kana_key(text)) == kana_key(text)


@given(names)
def test_key_ignores_width(name):
    half = jaconv.z2h(name, kana=True, ascii=True, digit=True)
    assert name_key(half) == name_key(name) == name_key(to_full_width(name))


@given(names)
def test_key_ignores_kana_kind(name):
    assert name_key(jaconv.kata2hira(name)) == name_key(name)


@given(names, names, spaces)
def test_key_ignores_spacing_between_family_and_given_name(family, given_name, space):
    assert name_key(family + space + given_name) == name_key(family + given_name)


@given(st.lists(st.sampled_from(sorted(itaiji_table().items())), min_size=1, max_size=4))
def test_key_folds_every_variant_in_the_table(pairs):
    variants = "".join(variant for variant, _ in pairs)
    standards = "".join(standard for _, standard in pairs)
    assert name_key(variants) == name_key(standards) == standards
