"""Template context shared by every staff page."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from madoguchi.accounts.selectors import staff_roles


def staff(request: HttpRequest) -> dict[str, object]:
    """Expose the signed-in member's roles and departments to the layout.

    Lazy: htmx fragments never show the header, so they should not pay its two queries.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "staff_roles": SimpleLazyObject(lambda: staff_roles(user)),
        "staff_departments": SimpleLazyObject(user.department_list),
    }
