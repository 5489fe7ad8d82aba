"""Fitting text into boxes: shrink to fit, wrapping with 行頭禁則, 縦書き columns."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from madoguchi.domain.documents.fit import LEADING, MM, NO_LINE_START, block_height, fit_text, wrap
from madoguchi.domain.documents.fonts import font_set

WIDTHS = font_set().measure("ゴシック")

FITS = [
    # (text, box width × height in mm, size, min size, lines, expected size, expected lines)
    ("山田 太郎", (60, 8), 12, 6, 1, 12, ("山田 太郎",)),
    ("さんぷる市中央町一丁目2番3号　さんぷるハイツ201号室", (60, 8), 11, 6, 1, 6.5, None),
    (
        "さんぷる市中央町一丁目2番3号　さんぷるハイツ201号室",
        (60, 10),
        11,
        6,
        2,
        11,
        ("さんぷる市中央町一丁目2番3号\u3000", "さんぷるハイツ201号室"),
    ),
    ("とても長い住所" * 20, (60, 8), 11, 6, 2, None, None),
]


@pytest.mark.parametrize(("text", "box", "size", "min_size", "lines", "size_out", "lines_out"), FITS)
def test_largest_size_that_fits_is_chosen(text, box, size, min_size, lines, size_out, lines_out):
    fit = fit_text(
        text, (0, 0, *box), size=size, min_size=min_size, lines=lines, vertical=False, widths=WIDTHS
    )
    if size_out is None:
        assert fit is None  # goes to 別紙
        return
    assert fit is not None
    assert fit.size == size_out
    assert "".join(fit.lines) == text
    if lines_out:
        assert fit.lines == lines_out
    if fit.size < size:  # half a point larger would not have fitted
        bigger = fit_text(
            text,
            (0, 0, *box),
            size=fit.size + 0.5,
            min_size=fit.size + 0.5,
            lines=lines,
            vertical=False,
            widths=WIDTHS,
        )
        assert bigger is None


def test_no_line_starts_with_closing_punctuation():
    text = "葬儀は市内の斎場で執り行った。故人名義の軽自動車あり（名義変更は後日）。以上"
    widths = WIDTHS(text)
    for limit in range(8, 40):
        lines = wrap(text, widths, limit, 100)
        assert lines is not None
        assert all(line[0] not in NO_LINE_START for line in lines[1:]), (limit, lines)


def test_vertical_columns_hold_one_character_per_em():
    fit = fit_text("𠮷田 美咲", (0, 0, 12, 38), size=12, min_size=6, lines=1, vertical=True, widths=WIDTHS)
    assert fit is not None
    assert fit.lines == ("𠮷田 美咲",)
    assert len(fit.lines[0]) * fit.size <= 38 * MM


japanese = st.text(
    alphabet=st.sampled_from(list("あいうえおかきくけこ山田太郎一丁目番地号、。（）「」ー0123456789 ")),
    max_size=80,
)


@settings(max_examples=150, deadline=None)
@given(text=japanese, width=st.floats(10, 120), height=st.floats(4, 30), lines=st.integers(1, 4))
def test_a_fit_never_leaves_its_box_or_loses_a_character(text, width, height, lines):
    fit = fit_text(
        text, (0, 0, width, height), size=11, min_size=5, lines=lines, vertical=False, widths=WIDTHS
    )
    if fit is None:
        return
    assert "".join(fit.lines) == text
    assert 5 <= fit.size <= 11
    assert len(fit.lines) <= lines
    assert block_height(len(fit.lines), fit.size) <= height * MM + 0.01
    for line in fit.lines:
        assert sum(WIDTHS(line)) * fit.size <= width * MM + 1e-6


@settings(max_examples=150, deadline=None)
@given(text=japanese.filter(bool), limit=st.floats(1.5, 30))
def test_wrapping_keeps_every_character_in_order(text, limit):
    lines = wrap(text, WIDTHS(text), limit, 10_000)
    assert lines is not None
    assert "".join(lines) == text
    assert all(sum(WIDTHS(line)) <= limit + 1e-6 for line in lines)


def test_leading_makes_more_lines_taller():
    assert block_height(1, 10) == 10
    assert block_height(3, 10) == pytest.approx(10 * (1 + 2 * LEADING))
