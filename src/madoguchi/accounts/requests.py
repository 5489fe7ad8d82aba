"""Who is asking: the signed-in member of staff of a request, typed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from madoguchi.accounts.models import Staff


def staff_of(request: HttpRequest) -> Staff:
    """Return the request's signed-in member of staff; anyone else is refused (403)."""
    user = request.user
    if not isinstance(user, Staff) or not user.is_authenticated:
        raise PermissionDenied
    return user
