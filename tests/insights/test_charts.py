"""The charts as the dashboard shows them (SVG): labels, small counts suppressed, Japanese font named."""

from __future__ import annotations

import base64
import datetime as dt
from xml.etree import ElementTree

from madoguchi.insights import charts
from madoguchi.insights.selectors import Bucket


def _svg(drawing) -> ElementTree.Element:
    uri = charts.data_uri(drawing)
    prefix = "data:image/svg+xml;base64,"
    assert uri.startswith(prefix)
    return ElementTree.fromstring(base64.b64decode(uri.removeprefix(prefix)))


def _texts(svg: ElementTree.Element) -> list[str]:
    return [text.text or "" for text in svg.iter("{http://www.w3.org/2000/svg}text")]


def _bucket(day: int, visits: int) -> Bucket:
    bucket = Bucket(dt.date(2026, 6, day), visits)
    bucket.sums["seconds_interview"] = visits * 600
    return bucket


def test_visits_by_day_label_each_bar_and_hide_small_days():
    svg = _svg(charts.visits_chart([_bucket(1, 12), _bucket(2, 3), _bucket(3, 7)], "day"))
    texts = _texts(svg)
    assert "来庁（完了した受付）の件数" in texts
    assert {"6/1", "6/2", "6/3"} <= set(texts)
    assert "12" in texts and "7" in texts
    assert "5未満" in texts and "3" not in texts  # a day with three visits never shows its number


def test_a_year_by_month_writes_every_month():
    buckets = [Bucket(dt.date(2025, month, 1), 100 * month) for month in range(1, 13)]
    texts = _texts(_svg(charts.visits_chart(buckets, "month")))
    assert [f"2025/{month}" for month in range(1, 13)] == [t for t in texts if t.startswith("2025/")]
    assert "1,000" in texts and "1,200" in texts  # the value axis and the bar, with thousands separators


def test_stages_have_a_legend_in_japanese():
    texts = _texts(_svg(charts.stages_chart([_bucket(1, 6), _bucket(2, 2)], "day")))
    assert {"聞き取り", "住民確認", "担当課の対応待ち", "段階ごとの平均所要時間（分）"} <= set(texts)


def test_counts_below_five_say_so_and_are_not_drawn():
    rows = [("氏名", 1200), ("住所", 3), ("電話番号", 0)]
    svg = _svg(charts.counts_chart(rows, "書かずに済んだ記入"))
    texts = _texts(svg)
    assert {"氏名", "住所", "電話番号", "1,200", "5未満", "0"} <= set(texts)
    assert "3" not in texts


def test_text_names_ipaex_gothic_with_a_generic_fallback():
    svg = _svg(charts.counts_chart([("5点", 8)], "満足度"))
    styles = [text.get("style", "") for text in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert styles and all("font-family: IPAexGothic, sans-serif" in style for style in styles)
