"""Auditor pages: the audit trail with filters, and its CSV export. Both are themselves audited."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from madoguchi.audit.forms import AuditFilterForm
from madoguchi.audit.selectors import audit_entries
from madoguchi.audit.services import audit_request

CSV_COLUMNS = ["連番", "日時", "職員ID", "所属課", "接続元", "操作", "対象", "詳細", "ハッシュ"]


def _filters(form: AuditFilterForm) -> dict[str, object]:
    return {key: value for key, value in form.cleaned_data.items() if value} if form.is_valid() else {}


@login_required
@permission_required("audit.view_auditentry", raise_exception=True)
def entry_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = _filters(form)
    page = Paginator(audit_entries(**filters), 100).get_page(request.GET.get("page"))  # type: ignore[arg-type]  # the form cleaned them
    audit_request(request, action="audit.view", detail={"filters": filters, "page": page.number})
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/entry_list.html", {"form": form, "page": page, "query": query.urlencode()})


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
@permission_required("audit.view_auditentry", raise_exception=True)
def entry_export(request: HttpRequest) -> HttpResponseBase:
    form = AuditFilterForm(request.GET or None)
    filters = _filters(form)
    entries = audit_entries(**filters).iterator(chunk_size=2000)  # type: ignore[arg-type]  # the form cleaned them
    audit_request(request, action="export.csv", subject="audit", detail={"filters": filters})
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(CSV_COLUMNS)  # BOM so that Excel opens UTF-8 correctly
        for e in entries:
            local = timezone.localtime(e.at).isoformat(timespec="seconds")
            detail = _json(e.detail)
            yield writer.writerow(
                [
                    e.seq,
                    local,
                    e.actor_username,
                    e.department,
                    e.client_address,
                    e.action,
                    e.subject,
                    detail,
                    e.entry_hash,
                ]
            )

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response


def _json(value: object) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True)
