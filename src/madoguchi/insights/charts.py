"""Charts drawn on the server with ReportLab's graphics: vector, no network, no script in the browser.

Each chart is one Drawing: the dashboard shows it as SVG (a data: URI, allowed by the CSP's img-src)
and the monthly PDF draws the same Drawing as vector graphics.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import BarChart, HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics

from madoguchi.counter.packs import font_paths
from madoguchi.domain.documents.fonts import font_set
from madoguchi.insights.measures import SMALL_COUNT
from madoguchi.insights.selectors import STAGES, Bucket

WIDTH = 480.0  # points: fits the monthly report's column; the page scales the SVG to its box
NARROW = 340.0  # the counts charts, shown in half a card on the page
COLOURS = tuple(colors.HexColor(c) for c in ("#0017c1", "#197a4b", "#b35c00", "#7a1f99", "#4d4d4d"))
MAX_BAR_LABELS = 62  # two months by day; with more bars the numbers would overlap
UNDER_FIVE = "5未満"


def font_name() -> str:
    """Return the reportlab name of IPAex Gothic (setting FONT_GOTHIC), registered once per process."""
    return font_set(font_paths()).name("ゴシック")


def _drawing(height: float, title: str, width: float = WIDTH) -> Drawing:
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, title, fontName=font_name(), fontSize=11))
    return drawing


def _labels(buckets: Sequence[Bucket], grain: str) -> list[str]:
    """Return the period labels, every nth only so that at most 12 are written."""
    step = -(-len(buckets) // 12) or 1
    return [
        (f"{b.start.year}/{b.start.month}" if grain == "month" else f"{b.start.month}/{b.start.day}")
        if index % step == 0
        else ""
        for index, b in enumerate(buckets)
    ]


def _style(chart: BarChart, size: float = 8) -> None:
    if not any(value for row in chart.data for value in row):
        chart.valueAxis.valueMax = SMALL_COUNT  # nothing to draw: an axis from 0 to 5, not a collapsed one
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = font_name()
        axis.labels.fontSize = size
        axis.strokeColor = colors.grey
    chart.valueAxis.forceZero = True
    chart.valueAxis.labelTextFormat = _tick
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    chart.valueAxis.maximumTicks = 5
    chart.categoryAxis.visibleTicks = False  # the bars mark their periods
    chart.barLabels.fontName = font_name()
    chart.barLabels.fontSize = size


def _tick(value: float) -> str:
    return f"{value:,.0f}" if value == round(value) else f"{value:,.6g}"


def visits_chart(buckets: Sequence[Bucket], grain: str) -> Drawing:
    """Bar chart of closed visits per period; periods with fewer than five are left blank and marked."""
    drawing = _drawing(210, "来庁（完了した受付）の件数")
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 22, WIDTH - 48, 150
    chart.data = [[b.visits if b.shown else 0 for b in buckets] or [0]]
    chart.categoryAxis.categoryNames = _labels(buckets, grain) or [""]
    _style(chart)
    chart.bars[0].fillColor = COLOURS[0]
    chart.bars.strokeColor = None
    if len(buckets) <= MAX_BAR_LABELS:
        chart.barLabelFormat = "values"
        chart.barLabelArray = [[f"{b.visits:,}" if b.shown else UNDER_FIVE for b in buckets] or [""]]
        chart.barLabels.nudge = 6
        if len(buckets) > 16:  # upright numbers would overlap: write them along the bar
            chart.barLabels.angle = 90
            chart.barLabels.boxAnchor = "w"
            chart.barLabels.nudge = 3
    drawing.add(chart)
    return drawing


def stages_chart(buckets: Sequence[Bucket], grain: str) -> Drawing:
    """Stacked bars of the mean minutes per stage per period (blank below five visits)."""
    drawing = _drawing(220, "段階ごとの平均所要時間（分）")
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 42, WIDTH - 48, 150
    chart.data = [[b.average(name, per=60) or 0.0 for b in buckets] or [0.0] for name, _ in STAGES]
    chart.categoryAxis.categoryNames = _labels(buckets, grain) or [""]
    chart.categoryAxis.style = "stacked"
    _style(chart)
    chart.bars.strokeColor = None
    legend = Legend()
    legend.x, legend.y = 40, 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName = font_name()
    legend.fontSize = 9
    legend.boxAnchor = "sw"
    legend.dx = legend.dy = 8
    legend.deltax = 110
    legend.colorNamePairs = []
    for index, (_, label) in enumerate(STAGES):
        chart.bars[index].fillColor = COLOURS[index]
        legend.colorNamePairs.append((COLOURS[index], label))
    drawing.add(chart)
    drawing.add(legend)
    return drawing


def counts_chart(rows: Sequence[tuple[str, int]], title: str) -> Drawing:
    """Horizontal bars of labelled counts; counts below five are not drawn and say 「5未満」."""
    height = 18.0 * len(rows) + 40
    drawing = _drawing(height, title, NARROW)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 56, 16, NARROW - 116, height - 40
    chart.data = [[count if count >= SMALL_COUNT else 0 for _, count in rows] or [0]]
    chart.categoryAxis.categoryNames = [label for label, _ in rows] or [""]
    chart.categoryAxis.reverseDirection = True  # the first row on top, as it is read
    _style(chart, size=9)
    chart.bars[0].fillColor = COLOURS[1]
    chart.bars.strokeColor = None
    chart.barLabelFormat = "values"
    chart.barLabelArray = [
        [UNDER_FIVE if 0 < count < SMALL_COUNT else f"{count:,}" for _, count in rows] or [""]
    ]
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.nudge = 4
    drawing.add(chart)
    return drawing


def data_uri(drawing: Drawing) -> str:
    """Return the chart as an SVG data: URI for an <img>; its text names IPAex Gothic, else sans-serif."""
    family = pdfmetrics.getFont(font_name()).face.familyName
    name = family.decode() if isinstance(family, bytes) else family
    svg = renderSVG.drawToString(drawing, fontHacks={font_name(): {"family": f"{name}, sans-serif"}})
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
