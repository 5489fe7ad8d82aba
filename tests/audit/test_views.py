"""The auditor's page and CSV export, both audited."""

from __future__ import annotations

import csv
import io

import pytest

from madoguchi.audit.models import AuditEntry
from madoguchi.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_auditor_sees_entries_and_the_view_is_audited(auditor_staff, counter_staff, login_client):
    audit_record(action="resident.view", actor=counter_staff, subject="resident:42")
    client = login_client(auditor_staff)
    response = client.get("/audit/", {"subject": "resident:42"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "住民 #42" in body
    assert "1件" in body
    view = AuditEntry.objects.filter(action="audit.view").latest("seq")
    assert view.actor == auditor_staff
    assert view.detail["filters"] == {"subject": "resident:42"}


def test_filters_by_staff_and_action(auditor_staff, counter_staff, hoken_staff, login_client):
    audit_record(action="resident.search", actor=counter_staff, subject="")
    audit_record(action="resident.view", actor=hoken_staff, subject="resident:1")
    client = login_client(auditor_staff)
    body = client.get("/audit/", {"staff": "hoken", "action": "resident."}).content.decode()
    rows = body[body.index("<tbody>") :]  # the action filter's options name every action
    assert ">住民の表示<" in rows
    assert ">住民検索<" not in rows


def test_csv_export_contains_entries_and_is_audited(auditor_staff, counter_staff, login_client):
    audit_record(action="document.print", actor=counter_staff, subject="case:7", detail={"forms": 3})
    client = login_client(auditor_staff)
    response = client.get("/audit/export.csv", {"action": "document."})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:6] == ["連番", "日時", "職員ID", "所属課", "接続元", "操作"]
    assert [row[5] for row in rows[1:]] == ["document.print"]
    assert rows[1][6] == "case:7"
    export = AuditEntry.objects.filter(action="export.csv").latest("seq")
    assert export.actor == auditor_staff
    assert export.subject == "audit"
