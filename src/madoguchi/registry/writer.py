"""The import's database side: the file staged beside the register, then merged in one short transaction.

While the file is read, its rows go into a temporary table (the stage), which also serves as the set
of 宛名番号 already read. Temporary tables never lock the register: on SQLite they live in the
connection's own temporary file (removed by SQLite even if the process is killed) and writing them
takes no write lock on the main database; on PostgreSQL they are the session's own. The checks
that need the whole file, and the comparison with the register (who is new, who changed), only read
the register. Only then does one transaction write the new and changed persons into the register:
the only moment the import holds the register's write lock, as long as the changes are many.

Plain ``executemany`` statements (SQLite) or COPY (PostgreSQL) of the rows the reader built
(rows.py) instead of ``bulk_create``: building a model instance per row cost more than reading it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from madoguchi.registry import rows
from madoguchi.registry.csvformat import HEAD, CellError
from madoguchi.registry.models import Household, Resident
from madoguchi.registry.rows import RowBatch

MAX_REPORTED_MISSING = 20
# A bounded cache (KiB) for the register and for the stage: memory stays flat, and index pages stay
# in memory while they are written.
IMPORT_CACHE_KIB = 64 * 1024
_STAGE = "registry_import_stage"
_BATCH = "registry_import_batch"
_CHANGES = "registry_import_changes"
_RESIDENT = Resident._meta.db_table
_HOUSEHOLD = Household._meta.db_table

_COLUMNS = rows.COLUMNS
_STAGED = ("atena_no", "household_no", *_COLUMNS, "line")


def _check_columns() -> None:
    # Fails at import time if a model field is added without being mapped here.
    fields = {f.column for f in Resident._meta.concrete_fields} - {"id", "atena_no", "household_id"}
    assert fields == set(_COLUMNS), fields ^ set(_COLUMNS)


_check_columns()


def _differs() -> str:
    return "IS NOT" if connection.vendor == "sqlite" else "IS DISTINCT FROM"


def _on_conflict() -> str:
    """Rewrite a person already registered only if a stored value differs from the one read."""
    stored = ", ".join(f"{_RESIDENT}.{column}" for column in ("household_id", *_COLUMNS))
    read = ", ".join(f"excluded.{column}" for column in ("household_id", *_COLUMNS))
    return (
        f"ON CONFLICT (atena_no) DO UPDATE SET household_id = excluded.household_id, "
        f"{', '.join(f'{column} = excluded.{column}' for column in _COLUMNS)} "
        f"WHERE ({stored}) {_differs()} ({read})"
    )


def count_residents() -> int:
    """Return how many persons the register holds (current and 除票)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {_RESIDENT}")  # noqa: S608
        return int(cursor.fetchone()[0])


class Stage:
    """The file's rows in a temporary table keyed by 宛名番号; ``staged`` counts them.

    ``row_format`` names the form of the rows it takes (rows.FORMATS), for the reader to build.
    """

    row_format: str

    def __init__(self) -> None:
        self.staged = 0
        fields = {field.column: field for field in Resident._meta.concrete_fields}
        types = {column: fields[column].db_type(connection) for column in ("atena_no", *_COLUMNS)}
        columns = ", ".join(f"{column} {types[column]}" for column in _COLUMNS)
        self.columns = f"atena_no {types['atena_no']}, household_no varchar(20), {columns}, line integer"
        drop_stage()
        # SQLite: one B-tree keyed by 宛名番号, instead of a table plus an index on it.
        layout = " WITHOUT ROWID" if connection.vendor == "sqlite" else ""
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {_STAGE} ({self.columns}, PRIMARY KEY (atena_no)){layout}"
            )

    def add(self, batch: RowBatch) -> list[CellError]:
        """Stage the batch's rows; return an error for each 宛名番号 read before (that row is not staged)."""
        lines = batch.lines
        if not lines:
            return []
        with _temporary_tables_transaction():
            added = self._add(batch)
        self.staged += added
        if added == len(lines):
            return []
        numbers = batch.atena_numbers
        marks = ",".join(["%s"] * len(numbers))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT atena_no, line FROM {_STAGE} WHERE atena_no IN ({marks})", numbers)  # noqa: S608
            first_lines = dict(cursor.fetchall())
        return [
            CellError(line, "宛名番号", atena_no, f"宛名番号が{first_lines[atena_no]}行目と重複しています")
            for atena_no, line in zip(numbers, lines, strict=True)
            if first_lines[atena_no] != line
        ]

    def _add(self, batch: RowBatch) -> int:
        raise NotImplementedError


def stage() -> Stage:
    """Return an empty stage for the database in use."""
    return _PostgresStage() if connection.vendor == "postgresql" else _SQLiteStage()


class _SQLiteStage(Stage):
    """One ``executemany`` per batch of the rows as the reader built them.

    Absent optional values come as '' or 0 (binding None costs the driver an adapter lookup per
    value); the statement turns them into NULL.
    """

    row_format = rows.SQLITE

    def __init__(self) -> None:
        super().__init__()
        marks = [_sqlite_placeholder(column) for column in _COLUMNS]
        self.insert = (
            f"INSERT INTO {_STAGE} ({', '.join(_STAGED)}) "  # noqa: S608
            f"VALUES (%s, %s, {', '.join(marks)}, %s) ON CONFLICT (atena_no) DO NOTHING"
        )

    def _add(self, batch: RowBatch) -> int:
        with connection.cursor() as cursor:
            cursor.executemany(
                self.insert, [(*row, line) for row, line in zip(batch.rows, batch.lines, strict=True)]
            )
            return int(cursor.rowcount)


def _sqlite_placeholder(column: str) -> str:
    if column not in rows.NULLABLE:
        return "%s"
    return "NULLIF(%s, 0)" if column == "household_order" else "NULLIF(%s, '')"


class _PostgresStage(Stage):
    """Each batch is copied (COPY) into a temporary table, then added to the stage in one statement.

    COPY formats rows in the driver's C code; the arrays or per-row statements tried before cost
    more in Python than the database spent on them. A 宛名番号 read twice would abort a COPY
    straight into the stage, hence the batch table between.
    """

    row_format = rows.POSTGRESQL

    def __init__(self) -> None:
        super().__init__()
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMPORARY TABLE {_BATCH} ({self.columns})")

    def _add(self, batch: RowBatch) -> int:
        names = ", ".join(_STAGED)
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {_BATCH}")
            with cursor.cursor.copy(f"COPY {_BATCH} ({names}) FROM STDIN") as copy:
                for row, line in zip(batch.rows, batch.lines, strict=True):
                    copy.write_row((*row, line))
            cursor.execute(
                f"INSERT INTO {_STAGE} ({names}) SELECT {names} FROM {_BATCH} "  # noqa: S608
                "ON CONFLICT (atena_no) DO NOTHING"
            )
            return int(cursor.rowcount)


@contextmanager
def _temporary_tables_transaction() -> Iterator[None]:
    """Group writes to temporary tables in one transaction that takes no lock on the register.

    On SQLite, ``transaction.atomic`` begins IMMEDIATE (settings): it would take the main database's
    write lock. A deferred transaction that only writes temporary tables takes none, so the
    counter's writes go on beside it. Inside a caller's transaction (tests), the writes join it.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        with transaction.atomic():
            yield
        return
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
    try:
        yield
    except BaseException:
        with connection.cursor() as cursor:
            cursor.execute("ROLLBACK")
        raise
    with connection.cursor() as cursor:
        cursor.execute("COMMIT")


def drop_stage() -> None:
    """Drop the import's temporary tables unless the transaction is broken (its rollback drops them)."""
    if connection.connection is None or connection.needs_rollback:
        return
    with connection.cursor() as cursor:
        for table in (_STAGE, _BATCH, _CHANGES):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")


def analyze_stage() -> None:
    """Give PostgreSQL statistics of the stage for the checks and the merge (temporary tables get none)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {_STAGE}")


def analyze_register() -> None:
    """After a large merge on PostgreSQL, give the planner the register's new statistics at once.

    ANALYZE takes no lock that stops reads or writes, and runs after the merge has committed.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for table in (_RESIDENT, _HOUSEHOLD):
            cursor.execute(f"ANALYZE {table}")


def households_with_two_heads() -> list[tuple[int, str, str]]:
    """Return (line, 宛名番号, 世帯番号) of each current 世帯主 in the file after the first of a household."""
    sql = f"""
        SELECT line, atena_no, household_no FROM (
            SELECT line, atena_no, household_no,
                   ROW_NUMBER() OVER (PARTITION BY household_no ORDER BY line) AS place
            FROM {_STAGE}
            WHERE status = 1 AND relation = %s
        ) heads
        WHERE place > 1
        ORDER BY line
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [HEAD])
        return list(cursor.fetchall())


def compare_with_register() -> tuple[int, int]:
    """Record which staged persons are new or changed; return (new, changed). Reads the register only."""
    stored = ", ".join(("h.household_no", *(f"r.{column}" for column in _COLUMNS)))
    read = ", ".join(("s.household_no", *(f"s.{column}" for column in _COLUMNS)))
    with _temporary_tables_transaction(), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_CHANGES}")
        cursor.execute(f"CREATE TEMPORARY TABLE {_CHANGES} (atena_no varchar(20) PRIMARY KEY, added integer)")
        cursor.execute(
            f"INSERT INTO {_CHANGES} (atena_no, added) "  # noqa: S608
            f"SELECT s.atena_no, CASE WHEN r.id IS NULL THEN 1 ELSE 0 END FROM {_STAGE} s "
            f"LEFT JOIN {_RESIDENT} r ON r.atena_no = s.atena_no "
            f"LEFT JOIN {_HOUSEHOLD} h ON h.id = r.household_id "
            f"WHERE r.id IS NULL OR ({stored}) {_differs()} ({read})"
        )
        cursor.execute(f"SELECT COALESCE(SUM(added), 0), COUNT(*) FROM {_CHANGES}")  # noqa: S608
        added, total = cursor.fetchone()
    return int(added), int(total) - int(added)


def merge(*, everyone: bool) -> tuple[int, int]:
    """Write the new and changed persons (or ``everyone`` staged) into the register; return (added, changed).

    Call inside the one short transaction that switches the register to the file's contents.
    """
    chosen = "" if everyone else f"JOIN {_CHANGES} c ON c.atena_no = s.atena_no"
    read = ", ".join(f"s.{column}" for column in _COLUMNS)
    before = count_residents()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_HOUSEHOLD} (household_no) "  # noqa: S608
            f"SELECT DISTINCT s.household_no FROM {_STAGE} s {chosen} WHERE true "
            "ON CONFLICT (household_no) DO NOTHING"
        )
        # A lookup by the unique 世帯番号 per row: the households just added have no statistics yet.
        household = f"(SELECT h.id FROM {_HOUSEHOLD} h WHERE h.household_no = s.household_no)"  # noqa: S608
        # In the file's order, so that a first load numbers the persons as the file lists them.
        cursor.execute(
            f"INSERT INTO {_RESIDENT} (atena_no, household_id, {', '.join(_COLUMNS)}) "  # noqa: S608
            f"SELECT s.atena_no, {household}, {read} FROM {_STAGE} s {chosen} WHERE true ORDER BY s.line "
            f"{_on_conflict()}"
        )
        written = int(cursor.rowcount)
    added = count_residents() - before
    return added, written - added


@contextmanager
def large_page_cache() -> Iterator[None]:
    """Give SQLite a fixed, larger page cache (register and stage) while importing; give it back after."""
    if connection.vendor != "sqlite":
        yield
        return
    before = {}
    with connection.cursor() as cursor:
        for schema in ("main", "temp"):
            cursor.execute(f"PRAGMA {schema}.cache_size")
            before[schema] = int(cursor.fetchone()[0])
            cursor.execute(f"PRAGMA {schema}.cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for schema, size in before.items():
                cursor.execute(f"PRAGMA {schema}.cache_size = {size}")


@contextmanager
def indexes_built_at_the_end() -> Iterator[None]:
    """On SQLite, merging into an empty register: drop the search indexes and build each once at the end.

    Building an index from all rows is much faster than growing it row by row. Used only inside the
    merge's transaction (the rollback restores everything). Not on PostgreSQL: dropping an index
    locks the table against the counter's reads until the commit.
    """
    if connection.vendor != "sqlite" or Resident.objects.exists():
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
            [_RESIDENT],
        )
        definitions = list(cursor.fetchall())
        for name, _ in definitions:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        for _, sql in definitions:
            cursor.execute(sql)


def missing_from_file() -> tuple[int, list[str]]:
    """Return how many registered persons the file did not mention, and the first few 宛名番号."""
    where = f"NOT EXISTS (SELECT 1 FROM {_STAGE} s WHERE s.atena_no = r.atena_no)"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {_RESIDENT} r WHERE {where}")  # noqa: S608
        count = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT atena_no FROM {_RESIDENT} r WHERE {where} ORDER BY atena_no LIMIT %s",  # noqa: S608
            [MAX_REPORTED_MISSING],
        )
        return count, [row[0] for row in cursor.fetchall()]
