"""Reads of the measurement side: figures by period and event, the 3Q answers, before and after."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Aggregate, Count, Exists, JSONField, OuterRef, QuerySet, Sum

from madoguchi.counter.models import Case, Task
from madoguchi.insights.measures import SMALL_COUNT, Category, mask_comment, median_or_none
from madoguchi.insights.models import CaseFigure, ResidentSurvey, WalkSurvey

# Stages whose cases are never measured; a cancelled stage joins here when the counter gets one.
EXCLUDED_STAGES: frozenset[str] = frozenset({"cancelled"})
GRAINS = {"day": "日", "week": "週", "month": "月"}
SUMS = (
    "departments",
    "tasks",
    "tasks_late",
    "forms",
    "fields_system",
    "fields_staff",
    "fields_resident",
    "avoided_name",
    "avoided_address",
    "avoided_birth_date",
    "avoided_phone",
    "avoided_other",
    "questions",
    "seconds_total",
    "seconds_interview",
    "seconds_confirmation",
    "seconds_departments",
)
AVOIDED_FIELDS = {
    Category.NAME: "avoided_name",
    Category.ADDRESS: "avoided_address",
    Category.BIRTH_DATE: "avoided_birth_date",
    Category.PHONE: "avoided_phone",
    Category.OTHER: "avoided_other",
}
WRITE_FIELDS = {
    Category.NAME: "writes_name",
    Category.ADDRESS: "writes_address",
    Category.BIRTH_DATE: "writes_birth_date",
    Category.PHONE: "writes_phone",
    Category.OTHER: "writes_other",
}
STAGES = (
    ("seconds_interview", "聞き取り"),
    ("seconds_confirmation", "住民確認"),
    ("seconds_departments", "担当課の対応待ち"),
)


@dataclass(frozen=True, slots=True)
class Filters:
    """What the dashboard shows: a period (inclusive), the grain, an event, a department."""

    start: dt.date
    end: dt.date
    grain: str = "month"
    event: str = ""
    department_id: int | None = None


@dataclass(slots=True)
class Bucket:
    """Sums over the cases of one period (or of the whole filter)."""

    start: dt.date
    visits: int = 0
    sums: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SUMS, 0))

    @property
    def shown(self) -> bool:
        """Return whether the group is large enough for its averages to be shown."""
        return self.visits >= SMALL_COUNT

    def average(self, name: str, per: int = 1) -> float | None:
        """Return the mean of a summed figure per case (divided by `per`), or None for a small group."""
        return self.sums[name] / self.visits / per if self.shown else None

    def average_of(self, value: int) -> float | None:
        """Return a total over the bucket per case, or None for a small group."""
        return value / self.visits if self.shown else None


def measured_cases() -> QuerySet[Case]:
    """Return the cases the figures count: closed, never in an excluded stage."""
    return Case.objects.filter(closed_at__isnull=False).exclude(stage__in=EXCLUDED_STAGES)


def figures(filters: Filters) -> QuerySet[CaseFigure]:
    """Return the figures of the cases closed in the period, for the event and department chosen."""
    rows = CaseFigure.objects.filter(closed_on__range=(filters.start, filters.end))
    if filters.event:
        rows = rows.filter(event=filters.event)
    if filters.department_id is not None:
        rows = rows.filter(
            Exists(Task.objects.filter(case_id=OuterRef("case_id"), department_id=filters.department_id))
        )
    return rows


def period_start(day: dt.date, grain: str) -> dt.date:
    """Return the first day of the day's period: itself, its Monday or the first of its month."""
    if grain == "week":
        return day - dt.timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    return day


def series(filters: Filters) -> list[Bucket]:
    """Return one bucket per period, summed in the database per day and rolled up here."""
    daily = (
        figures(filters)
        .values("closed_on")
        .annotate(visits=Count("pk"), **{name: Sum(name) for name in SUMS})
    )
    buckets: dict[dt.date, Bucket] = {}
    for row in daily:
        start = period_start(row["closed_on"], filters.grain)
        bucket = buckets.setdefault(start, Bucket(start))
        bucket.visits += row["visits"]
        for name in SUMS:
            bucket.sums[name] += row[name] or 0  # type: ignore[literal-required]  # SUMS names its keys
    return [buckets[start] for start in sorted(buckets)]


@dataclass(frozen=True, slots=True)
class Summary:
    """The whole filter at once: sums, and medians of the durations (None when fewer than five)."""

    bucket: Bucket
    median_minutes: dict[str, float | None]

    @property
    def avoided(self) -> list[tuple[str, int]]:
        return [(category.value, self.bucket.sums[name]) for category, name in AVOIDED_FIELDS.items()]

    @property
    def avoided_total(self) -> int:
        return sum(count for _, count in self.avoided)


class _Values(Aggregate):
    """Every value of a column as one JSON array: one row to read instead of one row per case."""

    function = "JSON_GROUP_ARRAY"  # SQLite
    output_field = JSONField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # As text, like SQLite's: JSONB_AGG is four times slower, and psycopg would parse a json itself.
        template = "%(function)s(%(expressions)s)::text"
        return super().as_sql(compiler, connection, function="JSON_AGG", template=template, **extra)


def summary(filters: Filters, buckets: Sequence[Bucket] | None = None) -> Summary:
    """Return the totals (from the period buckets, given or read) and the medians of the filter."""
    bucket = Bucket(filters.start)
    for part in series(filters) if buckets is None else buckets:
        bucket.visits += part.visits
        for name in SUMS:
            bucket.sums[name] += part.sums[name]
    names = ("seconds_total", *(name for name, _ in STAGES), "fields_resident")
    values = figures(filters).aggregate(**{name: _Values(name) for name in names}) if bucket.shown else {}
    medians = {name: median_or_none(values.get(name) or []) for name in names}
    minutes = {name: None if value is None else value / 60 for name, value in medians.items()}
    minutes["fields_resident"] = medians["fields_resident"]
    return Summary(bucket, minutes)


@dataclass(frozen=True, slots=True)
class SurveyResults:
    answers: int
    satisfaction: list[tuple[int, int]]
    writing: list[tuple[str, int]]
    waiting: list[tuple[str, int]]
    comments: list[tuple[dt.date, str]]


def survey_results(filters: Filters, comments: int = 30) -> SurveyResults:
    """Return the 3Q answers of the period: distributions and the latest comments, masked."""
    rows = ResidentSurvey.objects.filter(answered_on__range=(filters.start, filters.end))
    if filters.event:
        rows = rows.filter(event=filters.event)
    # One read of the three answers together (at most 6 × 5 × 4 groups), counted per question here.
    groups = rows.values_list("satisfaction", "writing", "waiting").annotate(n=Count("pk")).order_by()
    satisfaction: Counter[object] = Counter()
    writing: Counter[object] = Counter()
    waiting: Counter[object] = Counter()
    for score, wrote, waited, count in groups:
        satisfaction[score] += count
        writing[wrote] += count
        waiting[waited] += count
    latest = (
        rows.exclude(comment="").order_by("-answered_on").values_list("answered_on", "comment")[:comments]
    )
    return SurveyResults(
        answers=satisfaction.total(),
        satisfaction=[(score, satisfaction.get(score, 0)) for score in range(5, 0, -1)],
        writing=[(label, writing.get(value, 0)) for value, label in ResidentSurvey.Writing.choices],
        waiting=[(label, waiting.get(value, 0)) for value, label in ResidentSurvey.Waiting.choices],
        comments=[(day, mask_comment(text)) for day, text in latest],
    )


@dataclass(frozen=True, slots=True)
class WalkTotals:
    """One walk-through survey summed over its stops."""

    survey: WalkSurvey
    stops: int
    forms: int
    writes: dict[Category, int]
    minutes: float

    @property
    def writes_total(self) -> int:
        return sum(self.writes.values())


def walk_totals(survey: WalkSurvey) -> WalkTotals:
    """Sum a walk-through survey: counters visited, forms, writes by hand, minutes."""
    stops = list(survey.stops.all())
    writes = {category: sum(getattr(stop, name) for stop in stops) for category, name in WRITE_FIELDS.items()}
    seconds = sum(s.wait_seconds + s.handling_seconds for s in stops)
    if survey.started_at and survey.finished_at:
        seconds = max(seconds, round((survey.finished_at - survey.started_at).total_seconds()))
    return WalkTotals(survey, len(stops), sum(s.forms for s in stops), writes, seconds / 60)


def walks(event: str = "") -> list[WalkTotals]:
    """Return the walk-through surveys (of one event), newest first, with their totals."""
    rows = WalkSurvey.objects.prefetch_related("stops")
    if event:
        rows = rows.filter(event=event)
    return [walk_totals(survey) for survey in rows]


@dataclass(frozen=True, slots=True)
class Comparison:
    """Before (the walk-through surveys of an event) and after (the counter's median for it)."""

    event: str
    walks: Sequence[WalkTotals]
    after: Summary


def comparison(filters: Filters) -> Comparison:
    """Return the walk-through surveys of the filter's event beside the counter's figures for it."""
    return Comparison(filters.event, walks(filters.event), summary(filters))
