"""The one place that decides what staff may see of residents under 支援措置 (DV/stalking support).

A person under 支援措置 is shown only to staff explicitly granted ``registry.view_restricted_resident``
(it belongs to no role). Every read path asks here: the register search and resident page, a case
and its people, the household facts derived from the register, tasks, print data and the CLI.
A case involves a restricted person when one is on the case *or* in the register household of a
person on the case, because the case's facts (household counts, the 世帯主's name) derive from them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import QuerySet

from madoguchi.registry.models import Resident

RESTRICTED_PERMISSION = "registry.view_restricted_resident"
PLACEHOLDER = "支援措置の対象者（閲覧権限なし）"
RESTRICTED_CASE_MESSAGE = (
    "この受付には支援措置の対象者（または、その方と同じ世帯の方）が含まれます。"
    "内容の表示・変更・印刷には支援措置の閲覧権限が必要です。権限のある職員に引き継いでください。"
)


class Viewer(Protocol):
    """Whoever reads: a member of staff (or an anonymous user, who sees nothing restricted)."""

    @property
    def is_authenticated(self) -> bool: ...

    def has_perm(self, perm: str, obj: Any = None) -> bool: ...


def sees_restricted(viewer: Viewer | None) -> bool:
    """Return whether the viewer holds the 支援措置 entitlement today.

    ``accounts.backends.StaffBackend`` grants the permission only while the staff member's grant is
    within its 有効期限, so an expired grant answers False here and everywhere that asks ``has_perm``.
    """
    return viewer is not None and viewer.is_authenticated and viewer.has_perm(RESTRICTED_PERMISSION)


def visible_residents(queryset: QuerySet[Resident], viewer: Viewer | None) -> QuerySet[Resident]:
    """Return the residents of the queryset the viewer may see."""
    return queryset if sees_restricted(viewer) else queryset.filter(restricted=False)


@dataclass(frozen=True)
class Disclosure:
    """Which restricted residents a read involves, and whether the viewer may see them."""

    restricted: tuple[int, ...]
    entitled: bool

    @property
    def allowed(self) -> bool:
        """Return whether the viewer may see the whole of what was read."""
        return not self.restricted or self.entitled

    def audit_detail(self) -> dict[str, Any]:
        """Return what the audit entry of the read says about restricted data shown."""
        if not self.restricted:
            return {}
        return {"restricted_shown": [f"resident:{pk}" for pk in self.restricted] if self.entitled else []}


def disclosure(viewer: Viewer | None, resident_ids: QuerySet[Any] | Iterable[int]) -> Disclosure:
    """Return the restricted residents among these people and their register households.

    ``resident_ids`` may be a values queryset: the whole check is then one statement.
    """
    households = Resident.objects.filter(pk__in=resident_ids).values("household_id")
    # Everyone belongs to a household, so its members include the people themselves. One IN list
    # keeps it an index lookup: an OR with `pk IN` made PostgreSQL scan the whole register (0.6 s at 1M).
    restricted = Resident.objects.filter(household_id__in=households, restricted=True)
    found = tuple(restricted.order_by("pk").values_list("pk", flat=True))
    return Disclosure(found, sees_restricted(viewer))


def shown_name(name: str, *, restricted: bool, viewer: Viewer | None) -> str:
    """Return a person's name as the viewer may see it: the placeholder when restricted and not entitled."""
    return PLACEHOLDER if restricted and not sees_restricted(viewer) else name
