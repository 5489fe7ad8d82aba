"""Rows of text shared by the dashboard, the CSV and the PDF, so that each states a figure the same way."""

from __future__ import annotations

from madoguchi.insights.measures import SMALL_COUNT_TEXT, suppressed
from madoguchi.insights.selectors import STAGES, Bucket, Comparison, Summary

HIDDEN = "—（5件未満）"


def minutes(value: float | None) -> str:
    return HIDDEN if value is None else f"{value:.1f}分"


def number(value: float | None, unit: str = "") -> str:
    return HIDDEN if value is None else f"{value:,.1f}{unit}"


def summary_rows(summary: Summary) -> list[tuple[str, str]]:
    """Return the summary as (label, text) rows, with small groups suppressed."""
    bucket, median = summary.bucket, summary.median_minutes
    rows = [
        ("来庁（完了した受付）", str(suppressed(bucket.visits))),
        ("受付から完了まで（中央値）", minutes(median["seconds_total"])),
        *((f"{label}（中央値）", minutes(median[name])) for name, label in STAGES),
        ("担当課の数（1件あたり平均）", number(bucket.average("departments"), "課")),
        ("印刷した様式（1件あたり平均）", number(bucket.average("forms"), "枚")),
        ("システムが記入した欄（1件あたり平均）", number(bucket.average("fields_system"), "欄")),
        ("職員が入力した欄（1件あたり平均）", number(bucket.average("fields_staff"), "欄")),
        ("本人が記入する欄（1件あたり平均）", number(bucket.average("fields_resident"), "欄")),
        ("書かずに済んだ記入（1件あたり平均）", number(bucket.average_of(summary.avoided_total), "回")),
        ("聞き取りの質問数（1件あたり平均）", number(bucket.average("questions"), "問")),
        ("期限後に完了した手続", str(suppressed(bucket.sums["tasks_late"])) if bucket.shown else HIDDEN),
    ]
    return rows


def bucket_row(bucket: Bucket) -> list[str]:
    """Return one period of the series as CSV cells."""
    return [
        str(suppressed(bucket.visits)),
        *(_plain(bucket.average(name, per=60)) for name in ("seconds_total", *(n for n, _ in STAGES))),
        _plain(bucket.average("departments")),
        _plain(bucket.average("forms")),
        _plain(bucket.average("fields_system")),
        _plain(bucket.average("fields_staff")),
        _plain(bucket.average("fields_resident")),
        *(
            _plain(bucket.average(name))
            for name in (
                "avoided_name",
                "avoided_address",
                "avoided_birth_date",
                "avoided_phone",
                "avoided_other",
            )
        ),
        _plain(bucket.average("questions")),
        str(suppressed(bucket.sums["tasks_late"])) if bucket.shown else SMALL_COUNT_TEXT,
    ]


BUCKET_HEADER = [
    "来庁件数",
    "受付から完了（平均分）",
    "聞き取り（平均分）",
    "住民確認（平均分）",
    "担当課の対応待ち（平均分）",
    "担当課数（平均）",
    "印刷様式数（平均）",
    "システム記入欄（平均）",
    "職員入力欄（平均）",
    "本人記入欄（平均）",
    "書かずに済んだ氏名（平均）",
    "書かずに済んだ住所（平均）",
    "書かずに済んだ生年月日（平均）",
    "書かずに済んだ電話番号（平均）",
    "書かずに済んだその他（平均）",
    "質問数（平均）",
    "期限後に完了した手続",
]


def _plain(value: float | None) -> str:
    return SMALL_COUNT_TEXT if value is None else f"{value:.1f}"


def before_after_rows(compare: Comparison) -> list[tuple[str, str, str]]:
    """Return, per walk-through survey, the plain statements 「手書き 32回 → 1回」 and the like."""
    after = compare.after
    if not after.bucket.shown:
        return [(w.survey.title, "改革後", "完了した受付が5件未満のため比較しません") for w in compare.walks]
    rows = []
    for walk in compare.walks:
        writes_after = after.median_minutes["fields_resident"] or 0
        rows += [
            (
                walk.survey.title,
                "手書き",
                f"{walk.writes_total}回 → {writes_after:.0f}回（本人記入欄・署名など）",
            ),
            (
                walk.survey.title,
                "窓口",
                f"{walk.stops}か所 → 1か所（担当課 平均{after.bucket.average('departments'):.1f}課が対応）",
            ),
            (
                walk.survey.title,
                "所要時間",
                f"{walk.minutes:.0f}分 → {after.median_minutes['seconds_total']:.0f}分（中央値）",
            ),
        ]
    return rows
