"""Auditor pages: the audit trail with filters and lookup by resident, its CSV export, and the
tamper check. All of them are themselves audited."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from madoguchi.audit.anchors import AnchorFileError
from madoguchi.audit.forms import AuditFilterForm
from madoguchi.audit.keys import AuditKeyError
from madoguchi.audit.labels import action_label, detail_lines, subject_label
from madoguchi.audit.models import AuditEntry
from madoguchi.audit.selectors import audit_entries, audit_verify_installation, department_names
from madoguchi.audit.services import audit_request, client_address_of
from madoguchi.registry.models import Resident
from madoguchi.registry.selectors import search
from madoguchi.registry.services import resident_search_record

CSV_COLUMNS = ["連番", "日時", "職員ID", "所属課", "接続元", "操作", "対象", "詳細", "ハッシュ"]
auditors_only = permission_required("audit.view_auditentry", raise_exception=True)


@dataclass
class _Filters:
    """What the auditor asked for: the selector's filters, or why nothing is listed."""

    values: dict[str, Any] = field(default_factory=dict)
    refused: str = ""
    candidates: list[Resident] = field(default_factory=list)
    resident: Resident | None = None


def _filters(request: HttpRequest, form: AuditFilterForm) -> _Filters:
    if not form.is_bound:
        return _Filters()
    if not form.is_valid():
        return _Filters(refused="絞り込みの条件に誤りがあるため、記録を表示していません。")
    values = {key: value for key, value in form.cleaned_data.items() if value}
    text = values.pop("resident", "")
    return _resident_lookup(request, text, values) if text else _Filters(values)


def _resident_lookup(request: HttpRequest, text: str, values: dict[str, Any]) -> _Filters:
    """Find the person through the register search (audited as a search), as at the counter."""
    result = search(text, viewer=request.user)
    resident_search_record(
        result=result,
        actor=None if isinstance(request.user, AnonymousUser) else request.user,
        client_address=client_address_of(request),
        channel="audit",
    )
    if result.query.problems:
        return _Filters(refused="住民の指定: " + "・".join(result.query.problems))
    if not result.residents:
        return _Filters(refused="指定に当てはまる住民がいないため、記録を表示していません。")
    if len(result.residents) > 1:
        return _Filters(
            refused="当てはまる住民が複数います。下の一覧から選んでください。", candidates=result.residents
        )
    (resident,) = result.residents
    return _Filters({**values, "resident": resident.subject}, resident=resident)


@dataclass(frozen=True)
class _Row:
    entry: AuditEntry
    action: str
    departments: str
    subject: str
    detail: list[str]


def _rows(page: Page[AuditEntry], names: dict[str, str]) -> list[_Row]:
    return [
        _Row(
            entry=e,
            action=action_label(e.action),
            departments="・".join(names.get(code, code) for code in e.department.split(",") if code),
            subject=subject_label(e.subject),
            detail=detail_lines(e.detail, names),
        )
        for e in page
    ]


@login_required
@auditors_only
def entry_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = _filters(request, form)
    entries = AuditEntry.objects.none() if filters.refused else audit_entries(**filters.values)
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    # Read the page before this view's own entry is appended, so that count and rows agree.
    rows = _rows(page, department_names())
    audit_request(
        request,
        action="audit.view",
        detail={"filters": filters.values, "page": page.number, "refused": bool(filters.refused)},
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "filters": filters,
        "query": query.urlencode(),
    }
    return render(request, "audit/entry_list.html", context)


@login_required
@auditors_only
@require_POST
def verify(request: HttpRequest) -> HttpResponse:
    """Run the tamper check of the whole chain and show its result; the check is audited."""
    try:
        check = audit_verify_installation()
    except (AuditKeyError, AnchorFileError) as error:
        audit_request(request, action="audit.verify", detail={"ok": False, "reason": str(error)})
        messages.error(request, f"改ざん検査を実行できませんでした: {error}")
        return redirect("audit:list")
    result = check.result
    detail = {"ok": result.ok, "checked": result.checked, "broken_seq": result.broken_seq}
    audit_request(request, action="audit.verify", detail=detail)
    if result.ok:
        anchored = f"保管したアンカー{len(check.anchors)}件とも一致しました。" if check.anchors else ""
        missing = (
            "" if check.anchor_file_exists else "（アンカーファイルがないため、末尾の削除は検出できません）"
        )
        messages.success(
            request,
            f"改ざん検査: 異常はありません。{result.checked}件の記録を確認しました。{anchored}{missing}",
        )
    else:
        messages.error(
            request,
            f"改ざん検査: 異常があります。{result.checked}件目までは正常です。"
            f"最初の異常は連番 {result.broken_seq}: {result.reason}",
        )
    return redirect("audit:list")


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
@auditors_only
def entry_export(request: HttpRequest) -> HttpResponseBase:
    form = AuditFilterForm(request.GET or None)
    filters = _filters(request, form)
    queryset = AuditEntry.objects.none() if filters.refused else audit_entries(**filters.values)
    entries = queryset.iterator(chunk_size=2000)
    audit_request(request, action="export.csv", subject="audit", detail={"filters": filters.values})
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(CSV_COLUMNS)  # BOM so that Excel opens UTF-8 correctly
        for e in entries:
            local = timezone.localtime(e.at).isoformat(timespec="seconds")
            detail = json.dumps(e.detail, ensure_ascii=False, sort_keys=True)
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
