"""Structured application logs: one JSON line per event, with the request's id, and no personal data.

Messages are fixed texts with internal ids. An exception is logged with its type and stack frames
but without its message, which may quote a value (a database error names the row it refused).
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import time
import traceback
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_request_id: ContextVar[str] = ContextVar("madoguchi_request_id", default="-")
# An id from the proxy (nginx $request_id) is kept when it looks like one, so both logs join up.
_INCOMING_ID = re.compile(r"[A-Za-z0-9-]{8,64}")
request_logger = logging.getLogger("madoguchi.request")


class RequestIdFilter(logging.Filter):
    """Give every record the id of the request it was logged in ("-" outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class JsonLineFormatter(logging.Formatter):
    """Format a record as one line of JSON: time, level, logger, request id, message."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        line |= getattr(record, "fields", {})
        if record.exc_info and record.exc_info[0] is not None:
            line["error"] = record.exc_info[0].__name__
            line["stack"] = "".join(traceback.format_tb(record.exc_info[2])).strip()
        return json.dumps(line, ensure_ascii=False, default=str)


class RequestIdMiddleware:
    """Name each request (X-Request-ID) and log one line when it ends: method, path, status, time."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        token = _request_id.set(incoming if _INCOMING_ID.fullmatch(incoming) else secrets.token_hex(8))
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = _request_id.get()
            if request.path != "/healthz":  # monitors ask every few seconds; their lines would bury the rest
                # The path holds internal ids only; the query string may hold search terms and is left out.
                fields = {
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "ms": round((time.monotonic() - started) * 1000),
                }
                request_logger.info("request", extra={"fields": fields})
            return response
        finally:
            _request_id.reset(token)
