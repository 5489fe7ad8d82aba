"""Structured logs and /healthz: one JSON line per request with its id, no query string, no audit."""

from __future__ import annotations

import json
import logging
import sys

import pytest
from django.db import DatabaseError

from madoguchi.audit.models import AuditEntry
from madoguchi.ops.logs import JsonLineFormatter
from madoguchi.registry.demo import numbered
from tests.ops.logscan import _Capture

pytestmark = pytest.mark.django_db
# Kept out of the lines that raise: a stack shows source lines, which here would hold the name.
RESIDENT_NAME = "鈴木　一郎"


def _lines(caplog) -> list[dict]:
    formatter = JsonLineFormatter()
    return [json.loads(formatter.format(record)) for record in caplog.records]


def test_each_request_logs_one_line_with_its_id_and_no_query_string(client, caplog):
    with caplog.at_level(logging.INFO, logger="madoguchi.request"):
        response = client.get("/accounts/login/?next=/residents/%3Fq%3D鈴木")
    [line] = [line for line in _lines(caplog) if line["logger"] == "madoguchi.request"]
    assert line["request_id"] == response["X-Request-ID"] and len(line["request_id"]) == 16
    assert (line["path"], line["status"], line["method"]) == ("/accounts/login/", 200, "GET")
    assert "鈴木" not in json.dumps(line, ensure_ascii=False) and "next" not in json.dumps(line)


def test_a_proxy_request_id_is_kept_and_a_strange_one_replaced(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abcdef0123456789")["X-Request-ID"] == "abcdef0123456789"
    assert client.get("/healthz", HTTP_X_REQUEST_ID="鈴木 一郎")["X-Request-ID"] != "鈴木 一郎"


def _refuse(value: str) -> None:
    raise DatabaseError(f"Key (name)=({value}) already exists")


def test_an_exception_is_logged_with_its_type_but_not_its_message():
    try:
        _refuse(RESIDENT_NAME)
    except DatabaseError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "印刷に失敗しました", None, sys.exc_info()
        )
    line = json.loads(JsonLineFormatter().format(record))
    assert line["error"] == "DatabaseError" and "鈴木" not in json.dumps(line, ensure_ascii=False)


def test_healthz_answers_without_login_audit_or_personal_data(client):
    entries = AuditEntry.objects.count()
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}
    assert client.post("/healthz").status_code == 405
    assert AuditEntry.objects.count() == entries


def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    monkeypatch.setattr("madoguchi.ops.views._database_answers", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "unavailable"


def test_the_log_watch_finds_a_demo_name_and_a_demo_atena_number():
    capture = _Capture()
    capture.setFormatter(JsonLineFormatter())
    for message in ("検索しました", "検索: 髙橋　恵子", "resident 0000001230 を表示", "ﾔﾏﾀﾞ"):
        capture.handle(logging.LogRecord("x", logging.INFO, __file__, 1, message, None, None))
    capture.handle(logging.LogRecord("x", logging.INFO, __file__, 1, f"id {numbered(4711)}", None, None))
    assert len(list(capture.leaks())) == 2
