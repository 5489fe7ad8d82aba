"""Resident search, the resident and household page, and the CSV import for admins."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from madoguchi.accounts.requests import staff_of
from madoguchi.audit.services import client_address_of
from madoguchi.registry.forms import ImportForm, SearchForm
from madoguchi.registry.selectors import resident_with_household, search
from madoguchi.registry.services import (
    ImportReport,
    resident_search_record,
    resident_view_record,
    residents_import,
)
from madoguchi.registry.uploads import (
    PENDING_MAX_AGE_SECONDS,
    pending_upload_discard,
    pending_upload_path,
    pending_upload_save,
)

_UPLOAD_KEY = "registry_import_upload"


def _discard_pending(request: HttpRequest) -> None:
    pending = request.session.pop(_UPLOAD_KEY, None)
    if pending:
        pending_upload_discard(staff_pk=staff_of(request).pk, token=pending["token"])


@login_required
@permission_required("registry.search_resident", raise_exception=True)
@require_http_methods(["GET", "POST"])
def search_page(request: HttpRequest) -> HttpResponse:
    # POST keeps names and birth dates out of URLs, browser history and access logs.
    form = SearchForm(request.POST or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    result = search(text, viewer=request.user) if text else None
    if result is not None:
        resident_search_record(
            result=result,
            actor=staff_of(request),
            client_address=client_address_of(request),
        )
    context = {"form": form, "result": result, "text": text}
    template = "registry/_results.html" if request.htmx else "registry/search.html"  # type: ignore[attr-defined]  # django-htmx
    return render(request, template, context)


@login_required
@permission_required("registry.view_resident", raise_exception=True)
@require_GET
def resident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = resident_with_household(pk, viewer=request.user)
    if found is None:
        # The same answer for "no such person" and "restricted": existence is not disclosed.
        raise Http404
    resident, members = found
    resident_view_record(
        resident=resident,
        actor=staff_of(request),
        client_address=client_address_of(request),
    )
    return render(request, "registry/resident.html", {"resident": resident, "members": members})


@login_required
@permission_required("registry.import_resident", raise_exception=True)
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    # Any visit here ends a waiting preview: "やめる" leads back to this page.
    _discard_pending(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    report: ImportReport | None = None
    if request.method == "POST" and form.is_valid():
        encoding = form.cleaned_data["encoding"]
        token = pending_upload_save(staff_pk=staff_of(request).pk, chunks=form.cleaned_data["file"].chunks())
        path = pending_upload_path(staff_pk=staff_of(request).pk, token=token)
        assert path is not None
        report = _run_import(request, path, encoding, dry_run=True)
        if report.ok:
            request.session[_UPLOAD_KEY] = {"token": token, "encoding": encoding}
        else:
            pending_upload_discard(staff_pk=staff_of(request).pk, token=token)
    context = {"form": form, "report": report, "preview": True, "minutes": PENDING_MAX_AGE_SECONDS // 60}
    return render(request, "registry/import.html", context)


@login_required
@permission_required("registry.import_resident", raise_exception=True)
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    pending = request.session.pop(_UPLOAD_KEY, None)
    path = pending_upload_path(staff_pk=staff_of(request).pk, token=pending["token"]) if pending else None
    if pending is None or path is None:
        minutes = PENDING_MAX_AGE_SECONDS // 60
        messages.error(
            request,
            f"確認待ちのファイルがありません（アップロードから{minutes}分を過ぎたファイルは削除されます）。"
            "もう一度ファイルを選んでください。",
        )
        return redirect("registry:import")
    try:
        report = _run_import(request, path, pending["encoding"], dry_run=False)
    finally:
        pending_upload_discard(staff_pk=staff_of(request).pk, token=pending["token"])
    return render(request, "registry/import.html", {"form": ImportForm(), "report": report, "preview": False})


def _run_import(request: HttpRequest, path: Path, encoding: str, *, dry_run: bool) -> ImportReport:
    with path.open("rb") as stream:
        return residents_import(
            stream=stream,
            encoding=encoding,
            dry_run=dry_run,
            actor=staff_of(request),
            client_address=client_address_of(request),
        )
