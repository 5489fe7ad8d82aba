"""Resident search, resident and household page, CSV import for admins."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def search_page(request: HttpRequest) -> HttpResponse:
    raise Http404


def resident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def import_upload(request: HttpRequest) -> HttpResponse:
    raise Http404


def import_confirm(request: HttpRequest) -> HttpResponse:
    raise Http404
