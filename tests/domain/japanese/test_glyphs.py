"""Characters no configured font can draw are found before printing."""

from pathlib import Path

import pytest

from madoguchi.domain.japanese import DEFAULT_FONT_PATHS, JapaneseInputError, missing_glyphs

IPAEX_MINCHO, IPAEX_GOTHIC, IPAMJ_MINCHO = DEFAULT_FONT_PATHS
pytestmark = pytest.mark.skipif(
    not all(path.exists() for path in DEFAULT_FONT_PATHS),
    reason="fonts-ipaexfont / fonts-ipamj-mincho not installed",
)

# Each row: text, the fonts configured, the characters reported as not printable.
CASES = [
    ("𠮷田　太郎", [IPAEX_MINCHO, IPAEX_GOTHIC], ["𠮷"]),
    ("𠮷田　太郎", [IPAEX_MINCHO, IPAMJ_MINCHO], []),
    ("髙橋 山﨑", [IPAEX_MINCHO], []),
    ("斉\U000e0103藤", [IPAEX_MINCHO], ["斉\U000e0103"]),  # 異体字セレクタ付きはIPAexにない
    ("斉\U000e0103藤", [IPAEX_MINCHO, IPAMJ_MINCHO], []),
    ("外字\ue000です", list(DEFAULT_FONT_PATHS), ["\ue000"]),  # CP932の外字領域（私用領域）
    ("𠮷𠮷𠮷", [IPAEX_GOTHIC], ["𠮷"]),
    ("山田\t太郎\n", [IPAEX_GOTHIC], []),
    ("", [IPAEX_GOTHIC], []),
]


@pytest.mark.parametrize(("text", "fonts", "missing"), CASES)
def test_characters_no_font_can_draw(text, fonts, missing):
    assert missing_glyphs(text, fonts) == missing


def test_default_fonts_draw_register_characters():
    assert missing_glyphs("𠮷田 髙橋 﨑 渡邉") == []


def test_font_paths_may_be_strings():
    assert missing_glyphs("𠮷", [str(IPAEX_MINCHO)]) == ["𠮷"]


def test_unreadable_font_is_reported_in_japanese(tmp_path: Path):
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    with pytest.raises(JapaneseInputError, match=r"フォント「.*broken\.ttf」を読めません"):
        missing_glyphs("山", [broken])
