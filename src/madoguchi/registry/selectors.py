"""Reads of the register: the one-box search, and a resident with their household."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import and_

from django.db.models import Q, QuerySet

from madoguchi.registry.models import Resident
from madoguchi.registry.query import Query, parse_query

MAX_RESULTS = 50
RESTRICTED_PERMISSION = "registry.view_restricted_resident"
# Upper bound of a prefix range: sorts after every character in both SQLite and PostgreSQL (C collation).
_TOP = "\U0010ffff"
_NAME_COLUMNS = ("name_key", "given_name_key", "alias_key")
_KANA_COLUMNS = ("kana_key", "given_kana_key", "alias_kana_key")
# Surname and given name may be typed in kanji or kana independently (山田 はなこ).
_SPLIT_PAIRS = (
    ("name_key", "given_name_key"),
    ("kana_key", "given_kana_key"),
    ("name_key", "given_kana_key"),
    ("kana_key", "given_name_key"),
)


@dataclass
class SearchResult:
    """The people found (at most ``limit``), and whether there were more."""

    query: Query
    residents: list[Resident] = field(default_factory=list)
    capped: bool = False

    @property
    def restricted(self) -> list[Resident]:
        """Return the people under 支援措置 among the results."""
        return [r for r in self.residents if r.restricted]


def search(text: str, *, include_restricted: bool, limit: int = MAX_RESULTS) -> SearchResult:
    """Find people by name, kana, birth date or 宛名番号; exact name matches first, at most ``limit``."""
    query = parse_query(text)
    if query.is_empty:
        return SearchResult(query)
    base = _base(query, include_restricted)
    ranks: dict[int, int] = {}
    for rank, querysets in enumerate(_passes(query, base)):
        for queryset in querysets:
            for pk in queryset.values_list("pk", flat=True)[: limit + 1]:
                ranks.setdefault(pk, rank)
            if len(ranks) > limit:
                break
        if len(ranks) > limit:
            break
    return _result(query, ranks, limit)


def _base(query: Query, include_restricted: bool) -> QuerySet[Resident]:
    terms = [Q(birth_date=d) for d in query.birth_dates]
    for number in query.numbers:
        term = Q(atena_no=number.digits)
        terms.append(term | Q(birth_date=number.birth_date) if number.birth_date else term)
    queryset = Resident.objects.filter(reduce(and_, terms)) if terms else Resident.objects.all()
    return queryset if include_restricted else queryset.filter(restricted=False)


def _passes(query: Query, base: QuerySet[Resident]) -> list[list[QuerySet[Resident]]]:
    if not query.name_key:
        return [[base.order_by("kana_key", "birth_date")]]
    columns = _NAME_COLUMNS + (_KANA_COLUMNS if query.name_is_kana else ())
    # With a birth date or number, ordering by the name key could make the database walk the name index.
    order = not (query.birth_dates or query.numbers)
    exact = [base.filter(**{column: query.name_key}) for column in columns]
    prefix = [_prefixed(base, column, query.name_key, order=order) for column in columns]
    if query.given_key:
        for surname_column, given_column in _SPLIT_PAIRS:
            both = _prefixed(base, surname_column, query.surname_key, order=False)
            prefix.append(_prefixed(both, given_column, query.given_key, order=order))
    return [exact, prefix]


def _prefixed(
    queryset: QuerySet[Resident], column: str, key: str, *, order: bool = True
) -> QuerySet[Resident]:
    # A range on the key column walks its index; LIKE would not use it on SQLite.
    narrowed = queryset.filter(**{f"{column}__gte": key, f"{column}__lt": key + _TOP})
    return narrowed.order_by(column) if order else narrowed


def _result(query: Query, ranks: dict[int, int], limit: int) -> SearchResult:
    chosen = list(ranks)[:limit]
    found = Resident.objects.select_related("household").in_bulk(chosen)
    residents = sorted(found.values(), key=lambda r: (ranks[r.pk], r.kana_key, r.birth_date, r.atena_no))
    return SearchResult(query, residents, capped=len(ranks) > limit)


def resident_with_household(pk: int, *, include_restricted: bool) -> tuple[Resident, list[Resident]] | None:
    """Return a resident and their household's members in 記載順位 order, or None if not visible."""
    resident = Resident.objects.select_related("household").filter(pk=pk).first()
    if resident is None or (resident.restricted and not include_restricted):
        return None
    members = resident.household.members.order_by("household_order", "birth_date", "atena_no")
    if not include_restricted:
        members = members.filter(restricted=False)
    return resident, list(members)
