"""Two rules for every response: pages are never cached, and every refused access is audited."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from madoguchi.audit.services import audit_request

# Refusals worth an entry: a permission refused, or an object that is missing or not to be disclosed.
_DENIED = (403, 404)


class PrivacyMiddleware:
    """Mark every application response no-store and audit 403/404 answers of the application's URLs.

    Static files are answered by WhiteNoise before this runs. A 404 for a path that matches no URL
    (a mistyped address, a scanner) is not an access to data and is not audited.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Personal data must not stay in browser or proxy caches (a shared counter PC, a proxy log).
        add_never_cache_headers(response)
        response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        match = getattr(request, "resolver_match", None)
        if response.status_code in _DENIED and match is not None:
            detail = {"status": response.status_code, "view": match.view_name, "method": request.method}
            # URL ids are internal numbers; the query string and form fields may hold personal data.
            detail["ids"] = {k: str(v) for k, v in match.kwargs.items()}
            audit_request(request, action="access.denied", detail=detail)
        return response
