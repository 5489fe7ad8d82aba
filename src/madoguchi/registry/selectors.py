"""Reads of the register: the one-box search, and a resident with their household."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import reduce
from operator import and_, or_

from django.db import connection
from django.db.models import Q, QuerySet

from madoguchi.registry.models import Resident
from madoguchi.registry.query import Query, parse_query
from madoguchi.registry.visibility import Viewer, sees_restricted, visible_residents

MAX_RESULTS = 50
# Upper bound of a prefix range: sorts after every character in both SQLite and PostgreSQL (C collation).
_TOP = "\U0010ffff"
# What a result line shows and how it is ranked; fewer fields make the 50 rows cheaper to build.
_RESULT_FIELDS = (
    "atena_no",
    "household__household_no",
    "name",
    "kana",
    "alias_name",
    "birth_date",
    "sex",
    "status",
    "address",
    "restricted",
    "removed_on",
    "name_key",
    "given_name_key",
    "kana_key",
    "given_kana_key",
    "alias_key",
    "alias_kana_key",
)
_NAME_COLUMNS = ("name_key", "given_name_key", "alias_key")
_KANA_COLUMNS = ("kana_key", "given_kana_key", "alias_kana_key")
# Surname and given name in different scripts (山田 はなこ, やまだ 花子); each pair has a composite index.
_SPLIT_PAIRS = (("name_key", "given_kana_key"), ("kana_key", "given_name_key"))


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


def search(text: str, *, viewer: Viewer | None, limit: int = MAX_RESULTS) -> SearchResult:
    """Find the people the viewer may see by name, kana, birth date or 宛名番号; exact matches first."""
    query = parse_query(text)
    if query.is_empty:
        return SearchResult(query)
    base = _base(query, viewer).select_related("household").only(*_RESULT_FIELDS)
    found: dict[int, Resident] = {}
    for index, terms in enumerate(_passes(query)):
        for resident in _fetch(base, terms, limit + 1):
            found.setdefault(resident.pk, resident)
        # After the exact pass, prefixes may still add longer names; after that, stop at the first hit.
        if len(found) > limit or (index > 0 and found):
            break
    ranked = sorted(found.values(), key=lambda r: (not _is_exact(r, query), *_display_order(r)))
    return SearchResult(query, ranked[:limit], capped=len(found) > limit)


def _is_exact(resident: Resident, query: Query) -> bool:
    return bool(query.name_key) and any(getattr(resident, c) == query.name_key for c in _columns(query))


def _display_order(resident: Resident) -> tuple[str, date, str]:
    return resident.kana_key, resident.birth_date, resident.atena_no


def _base(query: Query, viewer: Viewer | None) -> QuerySet[Resident]:
    terms = [Q(birth_date=d) for d in query.birth_dates] + [_born_in(year) for year in query.birth_years]
    for number in query.numbers:
        term = Q(atena_no=number.digits)
        if number.birth_date:
            term |= Q(birth_date=number.birth_date)
        if number.birth_year:
            term |= _born_in(number.birth_year)
        terms.append(term)
    queryset = Resident.objects.filter(reduce(and_, terms)) if terms else Resident.objects.all()
    return visible_residents(queryset, viewer)


def _born_in(year: int) -> Q:
    # A range, not __year: the birth_date index answers it.
    return Q(birth_date__gte=date(year, 1, 1), birth_date__lt=date(year + 1, 1, 1))


def _columns(query: Query) -> tuple[str, ...]:
    return _NAME_COLUMNS + (_KANA_COLUMNS if query.name_is_kana else ())


def _fetch(base: QuerySet[Resident], terms: list[Q], count: int) -> list[Resident]:
    """Return up to ``count`` people matching any of the terms, unordered (the few rows are ranked later)."""
    if len(terms) == 1 or not connection.features.supports_slicing_ordering_in_compound:
        # SQLite ORs the key indexes in one statement and stops at the LIMIT.
        return list(base.filter(reduce(or_, terms))[:count])
    # PostgreSQL would build a bitmap of every match before the LIMIT; a LIMITed scan per term is faster.
    parts = [base.filter(term).values_list("pk", flat=True)[:count] for term in terms]
    pks = list(parts[0].union(*parts[1:], all=True))
    return list(base.filter(pk__in=pks)[: count * len(terms)])


def _passes(query: Query) -> list[list[Q]]:
    """Return the terms to try in turn: exact name, name prefixes, then surname and given name apart."""
    if not query.name_key:
        return [[Q()]]
    columns = _columns(query)
    exact = [Q(**{column: query.name_key}) for column in columns]
    prefix = [_prefix(column, query.name_key) for column in columns]
    if not query.given_key:
        return [exact, prefix]
    # Only for mixed writing (山田 はなこ); composite indexes answer it, but it is the least likely.
    split = [_prefix(s, query.surname_key) & _prefix(g, query.given_key) for s, g in _SPLIT_PAIRS]
    return [exact, prefix, split]


def _prefix(column: str, key: str) -> Q:
    # A range on the key column walks its index; LIKE would not use it on SQLite.
    return Q(**{f"{column}__gte": key, f"{column}__lt": key + _TOP})


def resident_with_household(pk: int, *, viewer: Viewer | None) -> tuple[Resident, list[Resident]] | None:
    """Return a resident and their household's members in 記載順位 order, or None if not visible."""
    resident = Resident.objects.select_related("household").filter(pk=pk).first()
    if resident is None or (resident.restricted and not sees_restricted(viewer)):
        return None
    members = resident.household.members.order_by("household_order", "birth_date", "atena_no")
    return resident, list(visible_residents(members, viewer))
