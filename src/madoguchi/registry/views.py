"""Resident search, the resident and household page, and the CSV import for admins."""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from madoguchi.audit.services import client_address_of
from madoguchi.registry.forms import ImportForm, SearchForm
from madoguchi.registry.selectors import RESTRICTED_PERMISSION, resident_with_household, search
from madoguchi.registry.services import (
    ImportReport,
    resident_search_record,
    resident_view_record,
    residents_import,
)

_UPLOAD_KEY = "registry_import_upload"
_UPLOAD_MAX_AGE_SECONDS = 3600


def _entitled(request: HttpRequest) -> bool:
    return request.user.has_perm(RESTRICTED_PERMISSION)


def _upload_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Uploads hold personal data: one never confirmed is removed after an hour.
    stale = time.time() - _UPLOAD_MAX_AGE_SECONDS
    for old in path.glob("*.csv"):
        if old.stat().st_mtime < stale:
            old.unlink(missing_ok=True)
    return path


def _save_upload(request: HttpRequest, upload: UploadedFile) -> Path:
    _discard_pending(request)
    path = _upload_dir() / f"{secrets.token_hex(16)}.csv"
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


def _discard_pending(request: HttpRequest) -> None:
    pending = request.session.pop(_UPLOAD_KEY, None)
    if pending:
        (_upload_dir() / f"{pending['token']}.csv").unlink(missing_ok=True)


@login_required
@permission_required("registry.search_resident", raise_exception=True)
@require_http_methods(["GET", "POST"])
def search_page(request: HttpRequest) -> HttpResponse:
    # POST keeps names and birth dates out of URLs, browser history and access logs.
    form = SearchForm(request.POST or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    result = search(text, include_restricted=_entitled(request)) if text else None
    if result is not None:
        resident_search_record(
            result=result,
            actor=request.user,  # type: ignore[arg-type]
            client_address=client_address_of(request),
        )
    context = {"form": form, "result": result, "text": text}
    template = "registry/_results.html" if request.htmx else "registry/search.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
@permission_required("registry.view_resident", raise_exception=True)
@require_GET
def resident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = resident_with_household(pk, include_restricted=_entitled(request))
    if found is None:
        # The same answer for "no such person" and "restricted": existence is not disclosed.
        raise Http404
    resident, members = found
    resident_view_record(
        resident=resident,
        actor=request.user,  # type: ignore[arg-type]
        client_address=client_address_of(request),
    )
    return render(request, "registry/resident.html", {"resident": resident, "members": members})


@login_required
@permission_required("registry.import_resident", raise_exception=True)
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    report: ImportReport | None = None
    if request.method == "POST" and form.is_valid():
        path = _save_upload(request, form.cleaned_data["file"])
        report = _run_import(request, path, form.cleaned_data["encoding"], dry_run=True)
        if report.ok:
            request.session[_UPLOAD_KEY] = {"token": path.stem, "encoding": form.cleaned_data["encoding"]}
        else:
            path.unlink(missing_ok=True)
    return render(request, "registry/import.html", {"form": form, "report": report, "preview": True})


@login_required
@permission_required("registry.import_resident", raise_exception=True)
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    pending = request.session.pop(_UPLOAD_KEY, None)
    path = _upload_dir() / f"{pending['token']}.csv" if pending else None
    if path is None or not path.is_file():
        return redirect("registry:import")
    try:
        report = _run_import(request, path, pending["encoding"], dry_run=False)
    finally:
        path.unlink(missing_ok=True)
    return render(request, "registry/import.html", {"form": ImportForm(), "report": report, "preview": False})


def _run_import(request: HttpRequest, path: Path, encoding: str, *, dry_run: bool) -> ImportReport:
    with path.open("rb") as stream:
        return residents_import(
            stream=stream,
            encoding=encoding,
            dry_run=dry_run,
            actor=request.user,  # type: ignore[arg-type]
            client_address=client_address_of(request),
        )
