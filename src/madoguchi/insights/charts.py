"""Charts drawn on the server with matplotlib (Agg, PNG): no network, no script in the browser.

The same PNGs go into the dashboard (as data: URIs, allowed by the CSP's img-src) and the monthly PDF.
"""

from __future__ import annotations

import base64
import io
import threading
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")  # before anything imports pyplot: no display here

from django.conf import settings
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from madoguchi.insights.measures import SMALL_COUNT
from madoguchi.insights.selectors import STAGES, Bucket

_FONT_LOCK = threading.Lock()
_FONT_NAMES: dict[str, str] = {}
COLOURS = ("#0017c1", "#197a4b", "#b35c00", "#7a1f99", "#4d4d4d")


def _font_family() -> str:
    """Register IPAex Gothic (setting FONT_GOTHIC) once per process and return its family name."""
    path = str(settings.FONT_GOTHIC)
    with _FONT_LOCK:
        if path not in _FONT_NAMES:
            font_manager.fontManager.addfont(path)
            _FONT_NAMES[path] = font_manager.FontProperties(fname=path).get_name()
    return _FONT_NAMES[path]


def _figure(width: float = 7.0, height: float = 2.8, left: float = 0.07, bottom: float = 0.14) -> Figure:
    # Fixed margins: a layout engine would draw every chart twice.
    figure = Figure(figsize=(width, height), dpi=110)
    figure.set_facecolor("white")
    figure.subplots_adjust(left=left, right=0.98, top=0.88, bottom=bottom)
    return figure


def _png(figure: Figure) -> bytes:
    out = io.BytesIO()
    with matplotlib.rc_context({"font.family": _font_family(), "svg.fonttype": "path"}):
        figure.savefig(out, format="png")
    return out.getvalue()


def _labels(buckets: Sequence[Bucket], grain: str) -> list[str]:
    if grain == "month":
        return [f"{b.start.year}/{b.start.month}" for b in buckets]
    return [f"{b.start.month}/{b.start.day}" for b in buckets]


def _font(size: float = 9) -> dict[str, object]:
    return {"family": _font_family(), "size": size}


def visits_chart(buckets: Sequence[Bucket], grain: str) -> bytes:
    """Bar chart of closed visits per period; periods with fewer than five are left blank and marked."""
    figure = _figure()
    axes = figure.add_subplot()
    labels = _labels(buckets, grain)
    values = [b.visits if b.shown else 0 for b in buckets]
    bars = axes.bar(range(len(values)), values, color=COLOURS[0])
    for index, bucket in enumerate(buckets):
        if not bucket.shown:
            axes.text(index, 0, "5未満", ha="center", va="bottom", fontdict=_font(7))
    axes.bar_label(bars, labels=[str(v) if v else "" for v in values], fontsize=7)
    _axes_style(axes, labels, "来庁（完了した受付）の件数")
    return _png(figure)


def stages_chart(buckets: Sequence[Bucket], grain: str) -> bytes:
    """Stacked bars of the mean minutes per stage per period (blank below five visits)."""
    figure = _figure(bottom=0.24)
    axes = figure.add_subplot()
    labels = _labels(buckets, grain)
    bottom = [0.0] * len(buckets)
    for (name, label), colour in zip(STAGES, COLOURS, strict=False):
        minutes = [(b.average(name, per=60) or 0.0) for b in buckets]
        axes.bar(range(len(buckets)), minutes, bottom=bottom, color=colour, label=label)
        bottom = [b + m for b, m in zip(bottom, minutes, strict=True)]
    figure.legend(prop=_font(8), loc="lower center", frameon=False, ncols=3)
    _axes_style(axes, labels, "段階ごとの平均所要時間（分）")
    return _png(figure)


def counts_chart(rows: Sequence[tuple[str, int]], title: str) -> bytes:
    """Horizontal bars of labelled counts; counts below five are not drawn and say 「5未満」."""
    height = 0.42 * len(rows) + 0.8
    figure = _figure(height=height, left=0.16, bottom=0.35 / height)
    axes = figure.add_subplot()
    values = [count if count >= SMALL_COUNT else 0 for _, count in rows]
    positions = list(range(len(rows)))[::-1]
    axes.barh(positions, values, color=COLOURS[1])
    for position, (_, count) in zip(positions, rows, strict=True):
        text = "5未満" if 0 < count < SMALL_COUNT else f"{count:,}"
        axes.text(
            max([*values, 1]) * 0.01 + (count if count >= SMALL_COUNT else 0),
            position,
            text,
            va="center",
            fontdict=_font(8),
        )
    axes.set_xlim(0, max([*values, SMALL_COUNT]) * 1.15)
    axes.set_yticks(positions, [label for label, _ in rows], fontdict=_font(8))
    axes.set_title(title, fontdict=_font(10), loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="x", labelsize=7)
    return _png(figure)


def _axes_style(axes: Axes, labels: Sequence[str], title: str) -> None:
    step = max(1, len(labels) // 16)
    axes.set_xticks(range(0, len(labels), step), labels[::step], fontdict=_font(7))
    axes.set_title(title, fontdict=_font(10), loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="y", labelsize=7)


def data_uri(png: bytes) -> str:
    """Return the PNG as a data: URI for an <img> (the CSP allows data: images, not inline styles)."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
