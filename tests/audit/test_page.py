"""The auditor's page read by a person: Japanese names, readable details, lookup by resident, refusals."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.db import connection

from madoguchi.audit.labels import ACTION_GROUPS, ACTION_LABELS, action_choices, detail_lines
from madoguchi.audit.models import AuditEntry
from madoguchi.audit.services import audit_record
from madoguchi.registry.models import Resident
from madoguchi.registry.services import residents_import
from tests.registry.samples import base_rows, to_csv

pytestmark = pytest.mark.django_db
SRC = Path(__file__).resolve().parents[2] / "src" / "madoguchi"


@pytest.fixture
def register(db) -> dict[str, Resident]:
    report = residents_import(stream=io.BytesIO(to_csv(base_rows())))
    assert report.ok, report.lines()
    return {r.atena_no: r for r in Resident.objects.all()}


def _table(body: str) -> str:
    return body[body.index("<caption>") :]


def test_every_action_written_in_the_code_has_a_japanese_name():
    literal = re.compile(r'action="([a-z]+\.[a-z_]+)"')
    written = {m for path in SRC.rglob("*.py") for m in literal.findall(path.read_text(encoding="utf-8"))}
    task_actions = {f"task.{a}" for a in ("take", "complete", "not_needed", "defer", "reopen")}
    assert written, "the pattern no longer finds the actions"
    assert (written | task_actions) - ACTION_LABELS.keys() == set()


def test_every_action_is_offered_in_the_filter_under_its_group():
    assert {code.split(".")[0] for code in ACTION_LABELS} <= ACTION_GROUPS.keys()
    offered = {value for _, group in action_choices()[1:] for value, _ in group}
    assert ACTION_LABELS.keys() <= offered


def test_the_action_filter_lists_a_whole_group_or_one_action(auditor_staff, counter_staff, login_client):
    audit_record(action="resident.view", actor=counter_staff, subject="resident:42")
    audit_record(action="resident.search", actor=counter_staff, detail={"count": 0})
    audit_record(action="case.open", actor=counter_staff, subject="case:7")
    client = login_client(auditor_staff)
    group = _table(client.get("/audit/", {"action": "resident."}).content.decode())
    assert "住民の表示" in group and "住民検索" in group and "来庁受付の開始" not in group
    one = _table(client.get("/audit/", {"action": "resident.view"}).content.decode())
    assert "住民の表示" in one and "住民検索" not in one
    page = client.get("/audit/").content.decode()
    assert '<optgroup label="住民記録">' in page and ">住民記録のすべて<" in page


def test_details_of_an_import_a_print_filter_and_a_refused_page_read_in_japanese():
    details = [
        {"encoding": "cp932", "dry_run": False, "rows": 10, "added": 10, "changed": 0, "unchanged": 0},
        {
            "missing": 0,
            "errors": 0,
            "bytes": 2048,
            "start": "2026-11-01",
            "end": "2026-11-30",
            "grain": "month",
        },
        {"kind": "bundle", "version": 2, "forms": ["F_H04"], "pages": 3, "events": ["death"], "part": "full"},
        {"status": 403, "view": "audit:list", "method": "GET", "ids": {"pk": "3"}, "procedure": "kokuho"},
        {"file": "b.tar", "audit_seq": 9, "tables": 12, "counts": {"case": 1}, "through_seq": 3},
        {"command": "navigate", "event": "death", "backup_created_at": "2026", "through_hash": "ab"},
    ]
    for detail in details:
        for line in detail_lines(detail, {}):
            assert not re.match(r"[a-z_]+:", line), line
    assert "文字コード: Shift_JIS（CP932）" in detail_lines(details[0], {})
    assert "方法: 表示" in detail_lines(details[3], {})
    assert detail_lines({"ok": False, "checked": 3}, {}) == ["結果: 異常あり", "検査した件数: 3"]
    assert detail_lines({"status": "not_needed", "reason": "対象外"}, {}) == ["状態: 不要", "理由: 対象外"]


def test_actions_departments_and_details_are_shown_in_japanese(auditor_staff, counter_staff, login_client):
    audit_record(
        action="resident.search",
        actor=counter_staff,
        detail={
            "kinds": ["kana_name"],
            "count": 1,
            "shown": ["resident:5"],
            "capped": False,
            "channel": "web",
        },
    )
    audit_record(action="audit.view", actor=auditor_staff, detail={"filters": {}, "page": 1})
    body = login_client(auditor_staff).get("/audit/").content.decode()
    table = _table(body)
    assert ">住民検索<" in table
    assert "市民課" in table
    assert "表示した住民: 住民 #5" in table
    assert "検索の種類: フリガナ" in table
    assert "{&#x27;" not in table and "resident.search<" not in table


def test_detail_lines_name_departments_and_nested_changes():
    detail = {"before": {"roles": ["窓口職員"], "departments": ["shimin"]}, "after": {"roles": []}}
    assert detail_lines(detail, {"shimin": "市民課"}) == [
        "変更前: 役割: 窓口職員、所属課: 市民課",
        "変更後: 役割: なし",
    ]


@pytest.mark.parametrize(
    ("params", "said"),
    [
        ({"date_from": "2026-11-30", "date_to": "2026-11-01"}, "終了日が開始日より前です"),
        ({"date_from": "2026-13-45"}, "日付として読めません"),
        ({"date_to": "きのう"}, "日付として読めません"),
        ({"action": "resident.vie"}, "この操作は一覧にありません"),
    ],
)
def test_invalid_filters_list_nothing_and_say_why(auditor_staff, counter_staff, login_client, params, said):
    audit_record(action="resident.view", actor=counter_staff, subject="resident:42")
    body = login_client(auditor_staff).get("/audit/", params).content.decode()
    assert said in body
    assert "絞り込みの条件に誤りがあるため、記録を表示していません" in body
    assert "住民 #42" not in body
    view = AuditEntry.objects.filter(action="audit.view").latest("seq")
    assert view.detail["refused"] is True


def test_lookup_by_atena_no_finds_entries_about_the_person_and_is_audited_as_a_search(
    auditor_staff, counter_staff, login_client, register
):
    taro, hanako = register["000101"], register["000102"]
    audit_record(action="resident.view", actor=counter_staff, subject=taro.subject)
    audit_record(
        action="resident.search", actor=counter_staff, detail={"shown": [taro.subject, hanako.subject]}
    )
    audit_record(action="resident.view", actor=counter_staff, subject=hanako.subject)
    # resident:1 must not find resident:10 and the like
    audit_record(action="resident.view", actor=counter_staff, subject=f"{taro.subject}0")
    body = login_client(auditor_staff).get("/audit/", {"resident": "000101"}).content.decode()
    assert "山田　太郎" in body
    # taro's page, the search listing him, and the auditor's own lookup (a search that listed him)
    assert "3件" in _table(body[body.index("に関する記録") :])
    search = AuditEntry.objects.filter(action="resident.search", actor=auditor_staff).get()
    assert search.detail["channel"] == "audit"
    assert search.detail["shown"] == [taro.subject]
    view = AuditEntry.objects.filter(action="audit.view").latest("seq")
    assert view.detail["filters"] == {"resident": taro.subject}


def test_lookup_by_name_offers_the_candidates_with_wareki_and_age(auditor_staff, login_client, register):
    body = login_client(auditor_staff).get("/audit/", {"resident": "やまだ"}).content.decode()
    assert "当てはまる住民が複数います" in body
    assert "昭和45年4月1日" in body
    assert re.search(r"\d+歳", body)
    assert "?resident=000101" in body


def test_lookup_of_nobody_lists_nothing(auditor_staff, counter_staff, login_client, register):
    audit_record(action="resident.view", actor=counter_staff, subject="resident:42")
    body = login_client(auditor_staff).get("/audit/", {"resident": "鈴木"}).content.decode()
    assert "指定に当てはまる住民がいない" in body
    assert "住民 #42" not in body


def test_tamper_check_reports_a_sound_chain_and_is_audited(auditor_staff, counter_staff, login_client):
    audit_record(action="resident.view", actor=counter_staff, subject="resident:42")
    client = login_client(auditor_staff)
    body = client.post("/audit/verify/", follow=True).content.decode()
    assert "改ざん検査: 異常はありません" in body
    check = AuditEntry.objects.filter(action="audit.verify").get()
    assert check.actor == auditor_staff
    assert check.detail["ok"] is True


def test_tamper_check_reports_an_altered_entry(auditor_staff, counter_staff, login_client):
    entry = audit_record(action="resident.view", actor=counter_staff, subject="resident:42")
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE "{AuditEntry._meta.db_table}" SET "subject" = %s WHERE "seq" = %s',
            ["resident:43", entry.seq],
        )
    body = login_client(auditor_staff).post("/audit/verify/", follow=True).content.decode()
    assert "改ざん検査: 異常があります" in body
    assert f"連番 {entry.seq}" in body
    assert AuditEntry.objects.filter(action="audit.verify").get().detail["ok"] is False


def test_only_auditors_open_the_page_or_run_the_check(counter_staff, login_client):
    client = login_client(counter_staff)
    assert client.get("/audit/").status_code == 403
    assert client.post("/audit/verify/").status_code == 403
