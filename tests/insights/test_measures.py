"""The pure measuring rules: categories, handwriting avoided, stage durations, masking, suppression."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from madoguchi.domain.documents import load_layouts
from madoguchi.insights.measures import (
    CaseTimes,
    Category,
    TaskFacts,
    avoided_writes,
    category_of,
    field_sources,
    mask_comment,
    parse_deadline,
    stage_seconds,
    suppressed,
)
from tests.insights.conftest import F_H01_FILLED, at

FORMS = Path(__file__).resolve().parents[2] / "packs" / "sample-city" / "forms"


@pytest.mark.parametrize(
    ("expression", "category"),
    [
        ("deceased.name", Category.NAME),
        ("katakana(deceased.kana)", Category.NAME),
        ("household.head_name", Category.NAME),
        ("digits(applicant.postal_code)", Category.ADDRESS),
        ("applicant.address", Category.ADDRESS),
        ("answers.heir.birth_date", Category.BIRTH_DATE),
        ("answers.heir.phone", Category.PHONE),
        ("deceased.death_date", Category.OTHER),
        ("today", Category.OTHER),
        ("'喪失'", Category.OTHER),
    ],
)
def test_category_of_a_field_comes_from_its_data_path(expression, category):
    assert category_of(expression) == category


def test_writes_avoided_count_the_filled_fields_of_each_printed_form_by_category():
    layouts = load_layouts(FORMS)
    empty = [f.id for f in layouts["F_H01"].fields if not f.for_resident and f.id not in F_H01_FILLED]
    report = {"forms": [{"form_id": "F_H01", "empty": empty}, {"form_id": "F_H01", "empty": empty}]}
    counts = avoided_writes(report, layouts)
    assert counts == {
        Category.NAME: 2,
        Category.ADDRESS: 4,
        Category.BIRTH_DATE: 2,
        Category.PHONE: 0,
        Category.OTHER: 2,
    }


def test_an_unknown_form_and_an_empty_report_avoid_nothing():
    layouts = load_layouts(FORMS)
    assert sum(avoided_writes({"forms": [{"form_id": "NOPE", "empty": []}]}, layouts).values()) == 0
    assert sum(avoided_writes({}, layouts).values()) == 0


def test_field_sources_split_system_staff_and_resident():
    report = {
        "totals": {
            "prefilled": 30,
            "prefilled_by_source": {"register": 20, "interview": 7, "event": 3},
            "left_for_resident": 2,
        }
    }
    assert field_sources(report) == (23, 7, 2)
    assert field_sources({}) == (0, 0, 0)


def test_stages_across_midnight():
    times = CaseTimes(
        at("2026-04-30 23:50"), at("2026-04-30 23:58"), at("2026-05-01 00:05"), at("2026-05-01 00:20")
    )
    seconds = stage_seconds(times)
    assert (seconds.total, seconds.interview, seconds.confirmation, seconds.departments) == (
        1800,
        480,
        420,
        900,
    )


def test_missing_stage_times_count_as_zero_length_stages():
    seconds = stage_seconds(CaseTimes(at("2026-04-01 10:00"), None, None, at("2026-04-01 10:30")))
    assert (seconds.total, seconds.interview, seconds.confirmation, seconds.departments) == (1800, 1800, 0, 0)


def test_late_is_only_a_completed_task_finished_after_its_deadline():
    deadline = dt.date(2026, 4, 30)
    assert TaskFacts(1, True, dt.date(2026, 5, 1), deadline).late
    assert not TaskFacts(1, True, deadline, deadline).late
    assert not TaskFacts(1, False, dt.date(2026, 5, 1), deadline).late
    assert not TaskFacts(1, True, dt.date(2026, 5, 1), None).late
    assert parse_deadline("2026-02-30") is None and parse_deadline(None) is None


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, "5未満"), (4, "5未満"), (5, 5), (120, 120)])
def test_small_counts_are_suppressed(count, shown):
    assert suppressed(count) == shown


@pytest.mark.parametrize(
    ("text", "hidden", "kept"),
    [
        ("受付番号A-0012で電話090-1234-5678に連絡", ("0012", "090", "5678"), ("受付番号", "連絡")),
        ("鈴木さんがとても親切でした", ("鈴木",), ("さんがとても親切でした",)),
        ("担当の山田が丁寧でした", ("山田",), ("丁寧でした",)),
        ("メールはtaro@example.jpです", ("taro", "example"), ("メールは",)),
        ("全角の１２３番地", ("１２３",), ("番地",)),
    ],
)
def test_free_text_is_masked(text, hidden, kept):
    masked = mask_comment(text)
    assert all(part not in masked for part in hidden)
    assert all(part in masked for part in kept)
