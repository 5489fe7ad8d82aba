"""The monthly report for the DX headquarters (推進本部): figures, charts, before and after (A4 PDF)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from madoguchi.insights import charts
from madoguchi.insights.charts import font_name
from madoguchi.insights.selectors import Comparison, Filters, Summary, SurveyResults, series
from madoguchi.insights.tables import before_after_rows, summary_rows

LEFT = 18 * mm
WIDTH = A4[0] - 2 * LEFT


class _Page:
    """A top-down writer over A4 pages."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.y = A4[1] - 18 * mm

    def need(self, height: float) -> None:
        if self.y - height < 16 * mm:
            self.canvas.showPage()
            self.y = A4[1] - 18 * mm

    def text(self, text: str, size: float = 10, gap: float = 1.55, x: float = LEFT) -> None:
        self.need(size * gap)
        self.canvas.setFont(font_name(), size)
        self.canvas.drawString(x, self.y - size, text)
        self.y -= size * gap

    def table(self, rows: Sequence[Sequence[str]], widths: Sequence[float], size: float = 9) -> None:
        for number, row in enumerate(rows):
            self.need(size * 2)
            if number == 0:
                self.canvas.setFillGray(0.92)
                self.canvas.rect(LEFT, self.y - size * 1.7, WIDTH, size * 1.7, stroke=0, fill=1)
                self.canvas.setFillGray(0)
            x = LEFT
            self.canvas.setFont(font_name(), size)
            for cell, width in zip(row, widths, strict=True):
                self.canvas.drawString(x + 2, self.y - size * 1.2, cell)
                x += width
            self.y -= size * 1.7
            self.canvas.setStrokeGray(0.7)
            self.canvas.line(LEFT, self.y, LEFT + WIDTH, self.y)
        self.y -= 6

    def chart(self, drawing: Drawing) -> None:
        self.need(drawing.height + 6)
        renderPDF.draw(drawing, self.canvas, LEFT, self.y - drawing.height)
        self.y -= drawing.height + 10


def monthly_report_pdf(
    *,
    filters: Filters,
    title: str,
    event_name: str,
    summary: Summary,
    compare: Comparison,
    survey: SurveyResults,
    today: dt.date,
) -> bytes:
    """Draw the monthly report: summary, daily charts, before/after and the 3Q answers."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(title)
    page = _Page(canvas)
    page.text(title, size=16, gap=1.8)
    page.text(f"対象: {filters.start:%Y年%m月%d日}〜{filters.end:%Y年%m月%d日}　ライフイベント: {event_name}")
    page.text(
        f"作成日: {today:%Y年%m月%d日}　5件未満の数は「5未満」と表示し、個人の情報は含みません。", size=8
    )
    page.y -= 4
    page.text("1. 窓口の実績", size=12)
    page.table([("項目", "値"), *summary_rows(summary)], (WIDTH * 0.6, WIDTH * 0.4))
    daily = series(Filters(filters.start, filters.end, "day", filters.event, filters.department_id))
    page.chart(charts.visits_chart(daily, "day"))
    page.chart(charts.stages_chart(daily, "day"))
    page.chart(charts.counts_chart(summary.avoided, "書かずに済んだ記入（項目別の合計）"))
    page.text("2. 窓口体験調査（改革前）と窓口の実績（改革後）", size=12)
    rows = before_after_rows(compare) if filters.event else []
    if not filters.event:
        page.text("ライフイベントを指定して出力すると、窓口体験調査との比較を載せます。")
    elif rows:
        page.table([("調査", "項目", "改革前 → 改革後"), *rows], (WIDTH * 0.34, WIDTH * 0.2, WIDTH * 0.46))
    else:
        page.text("このライフイベントの窓口体験調査はまだありません。")
    page.text("3. 住民アンケート（3Q）", size=12)
    page.text(f"回答数: {survey.answers if survey.answers >= 5 or not survey.answers else '5未満'}")
    page.chart(charts.counts_chart([(f"{score}点", n) for score, n in survey.satisfaction], "満足度"))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
