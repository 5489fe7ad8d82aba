"""The import's database side: batched inserts and updates, and the set of 宛名番号 already read.

Plain ``executemany`` statements instead of ``bulk_create``: building a model instance per row cost
more than parsing the row (see bench/import.py). Callers run everything inside one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.db import connection

from madoguchi.registry.csvformat import HEAD, ResidentRow
from madoguchi.registry.models import Household, Resident

MAX_REPORTED_MISSING = 20
# A bounded cache (KiB): memory stays flat, and inserts into nine indexes stop rereading their pages.
IMPORT_CACHE_KIB = 64 * 1024
_SEEN = "registry_import_seen"
_RESIDENT = Resident._meta.db_table
_HOUSEHOLD = Household._meta.db_table

# The columns filled from a parsed row, in the order of ``_values``.
_VALUE_COLUMNS = (
    "household_order",
    "relation",
    "name",
    "kana",
    "birth_date",
    "sex",
    "status",
    "resident_kind",
    "postal_code",
    "address",
    "address_detail",
    "became_resident_on",
    "changed_on",
    "change_reason",
    "removed_on",
    "former_surname",
    "alias_name",
    "alias_kana",
    "nationality",
    "residence_status",
    "residence_expiry",
    "honseki",
    "hittosha",
    "national_health_insurance",
    "late_elderly_insurance",
    "care_insurance",
    "pension_kind",
    "seal_registered",
    "my_number_card",
    "restricted",
    "phone",
)


def _values(r: ResidentRow, adapt: Callable[[date | None], Any]) -> tuple[Any, ...]:
    texts, dates, flags = r.texts, r.dates, r.flags
    return (
        *(r.household_order, r.relation, r.name, r.kana, adapt(r.birth_date), r.sex, r.status),
        *(r.resident_kind, r.postal_code, r.address, texts["方書"], adapt(dates["住民となった日"])),
        *(adapt(dates["異動日"]), texts["異動事由"], adapt(dates["消除日"]), texts["旧氏"], texts["通称"]),
        *(texts["通称フリガナ"], texts["国籍"], texts["在留資格"], adapt(dates["在留期間満了日"])),
        *(texts["本籍"], texts["筆頭者"], flags["国保"], flags["後期高齢"], flags["介護保険"]),
        *(texts["国民年金種別"], flags["印鑑登録"], flags["マイナンバーカード"], flags["支援措置"]),
        texts["電話番号"],
    )


_KEY_COLUMNS = ("name_key", "given_name_key", "kana_key", "given_kana_key", "alias_key", "alias_kana_key")
_NULLABLE: dict[str, str | None] = {"alias_key": None, "alias_kana_key": None}
_COLUMNS = ("household_id", *_VALUE_COLUMNS, *_KEY_COLUMNS, "digest")
_INSERT = (
    f"INSERT INTO {_RESIDENT} (atena_no, {', '.join(_COLUMNS)}) "  # noqa: S608
    f"VALUES ({', '.join(['%s'] * (len(_COLUMNS) + 1))})"
)
_UPDATE = f"UPDATE {_RESIDENT} SET {', '.join(f'{c} = %s' for c in _COLUMNS)} WHERE id = %s"  # noqa: S608


def _check_columns() -> None:
    # Fails at import time if a model field is added without being mapped here.
    fields = {f.column for f in Resident._meta.concrete_fields} - {"id", "atena_no"}
    assert fields == set(_COLUMNS), fields ^ set(_COLUMNS)


_check_columns()


def write_batch(rows: list[ResidentRow], known: dict[str, tuple[int, str]]) -> tuple[int, int]:
    """Insert new persons and update changed ones (``known``: 宛名番号 → id, fingerprint); return counts."""
    households = _household_ids({row.household_no for row in rows})
    added: list[tuple[Any, ...]] = []
    changed: list[tuple[Any, ...]] = []
    for row in rows:
        values = _row_values(row, households[row.household_no], row.digest)
        if row.atena_no in known:
            changed.append((*values, known[row.atena_no][0]))
        else:
            added.append((row.atena_no, *values))
    with connection.cursor() as cursor:
        if added:
            cursor.executemany(_INSERT, added)
        if changed:
            cursor.executemany(_UPDATE, changed)
    return len(added), len(changed)


def _row_values(row: ResidentRow, household_id: int, digest: str) -> tuple[Any, ...]:
    keys = row.keys()
    # Empty keys of the optional 通称 are stored as NULL, outside their partial indexes.
    stored = (keys[column] or _NULLABLE.get(column, "") for column in _KEY_COLUMNS)
    return (household_id, *_values(row, _adapt_date), *stored, digest)


def _adapt_date(value: date | None) -> Any:
    return None if value is None else connection.ops.adapt_datefield_value(value)


def existing(numbers: set[str]) -> dict[str, tuple[int, str]]:
    """Return the id and fingerprint of the registered persons among these 宛名番号."""
    if not numbers:
        return {}
    found = Resident.objects.filter(atena_no__in=numbers).values_list("atena_no", "pk", "digest")
    return {atena_no: (pk, digest) for atena_no, pk, digest in found}


def _household_ids(numbers: set[str]) -> dict[str, int]:
    found = dict(Household.objects.filter(household_no__in=numbers).values_list("household_no", "pk"))
    new = sorted(numbers - found.keys())
    if new:
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {_HOUSEHOLD} (household_no) VALUES (%s)", [(n,) for n in new])  # noqa: S608
        found.update(Household.objects.filter(household_no__in=new).values_list("household_no", "pk"))
    return found


@contextmanager
def large_page_cache() -> Iterator[None]:
    """Give SQLite a fixed, larger page cache while importing; index pages then stay in memory."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


@contextmanager
def indexes_built_at_the_end(*, keep: Callable[[], bool]) -> Iterator[None]:
    """On a first load into an empty register, drop the search indexes and build each once at the end.

    Building an index from all rows is much faster than growing it row by row. The DDL is part of the
    import's transaction: if the import fails (``keep()`` is false), the rollback restores the indexes.
    """
    if Resident.objects.exists():
        yield
        return
    definitions = _secondary_indexes()
    with connection.cursor() as cursor:
        for name, _ in definitions:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    if keep():
        # PostgreSQL refuses CREATE INDEX while deferred foreign-key checks are pending: run them now.
        if connection.vendor == "postgresql":
            connection.check_constraints()
        with connection.cursor() as cursor:
            for _, sql in definitions:
                cursor.execute(sql)


def _secondary_indexes() -> list[tuple[str, str]]:
    """Return (name, CREATE INDEX statement) of the resident indexes that back no constraint."""
    if connection.vendor == "sqlite":
        sql = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL"
    else:
        sql = (
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = 'registry_resident'::regclass)"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_RESIDENT])
        return list(cursor.fetchall())


# The set of 宛名番号 already read lives in a temporary table, so memory stays flat for any file size.
def create_seen_table() -> None:
    """Create the empty table of 宛名番号 read so far (with their line numbers)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_SEEN}")
        cursor.execute(f"CREATE TEMPORARY TABLE {_SEEN} (atena_no VARCHAR(20) PRIMARY KEY, line INTEGER)")


def drop_seen_table() -> None:
    """Drop the table unless the transaction is already broken (its rollback drops it then)."""
    if connection.connection is None or connection.needs_rollback:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_SEEN}")


def seen_lines(numbers: list[str]) -> dict[str, int]:
    """Return the line where each of these 宛名番号 was already read, for those that were."""
    if not numbers:
        return {}
    marks = ",".join(["%s"] * len(numbers))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT atena_no, line FROM {_SEEN} WHERE atena_no IN ({marks})", numbers)  # noqa: S608
        return dict(cursor.fetchall())


def remember_seen(pairs: list[tuple[str, int]]) -> None:
    """Record 宛名番号 and their lines as read."""
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {_SEEN} (atena_no, line) VALUES (%s, %s)", pairs)  # noqa: S608


def households_with_two_heads() -> list[tuple[int, str, str]]:
    """Return (line, 宛名番号, 世帯番号) of every current 世帯主 after the first one of a household."""
    sql = f"""
        SELECT s.line, r.atena_no, h.household_no
        FROM {_RESIDENT} r
        JOIN {_HOUSEHOLD} h ON h.id = r.household_id
        JOIN {_SEEN} s ON s.atena_no = r.atena_no
        WHERE r.status = 1 AND r.relation = %s AND r.household_id IN (
            SELECT household_id FROM {_RESIDENT} WHERE status = 1 AND relation = %s
            GROUP BY household_id HAVING COUNT(*) > 1)
        ORDER BY s.line
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [HEAD, HEAD])
        rows = cursor.fetchall()
    firsts: set[str] = set()
    reported = []
    for line, atena_no, household_no in rows:
        if household_no in firsts:
            reported.append((line, atena_no, household_no))
        firsts.add(household_no)
    return reported


def missing_from_file() -> tuple[int, list[str]]:
    """Return how many registered persons the file did not mention, and the first few 宛名番号."""
    where = f"NOT EXISTS (SELECT 1 FROM {_SEEN} s WHERE s.atena_no = r.atena_no)"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {_RESIDENT} r WHERE {where}")  # noqa: S608
        count = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT atena_no FROM {_RESIDENT} r WHERE {where} ORDER BY atena_no LIMIT %s",  # noqa: S608
            [MAX_REPORTED_MISSING],
        )
        return count, [row[0] for row in cursor.fetchall()]
