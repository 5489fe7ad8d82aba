"""The import's database side: batched upserts, and the set of 宛名番号 already read.

Plain ``executemany`` statements of the rows the reader built (rows.py) instead of ``bulk_create``:
building a model instance per row cost more than reading the row (see bench/import.py). An upsert
inserts new persons and rewrites changed ones in one statement, so nothing has to be read back per
batch. Callers run everything inside one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection

from madoguchi.registry import rows
from madoguchi.registry.csvformat import HEAD, CellError
from madoguchi.registry.models import Household, Resident
from madoguchi.registry.rows import RowBatch

MAX_REPORTED_MISSING = 20
# A bounded cache (KiB): memory stays flat, and inserts into nine indexes stop rereading their pages.
IMPORT_CACHE_KIB = 64 * 1024
_SEEN = "registry_import_seen"
_STAGE = "registry_import_stage"
_RESIDENT = Resident._meta.db_table
_HOUSEHOLD = Household._meta.db_table

_COLUMNS = rows.COLUMNS


def _check_columns() -> None:
    # Fails at import time if a model field is added without being mapped here.
    fields = {f.column for f in Resident._meta.concrete_fields} - {"id", "atena_no", "household_id"}
    assert fields == set(_COLUMNS), fields ^ set(_COLUMNS)


_check_columns()


def _on_conflict(vendor: str) -> str:
    """Rewrite a person already registered only if a stored value differs from the one read.

    A person whose values are all as stored is left alone, so the statement counts only the added
    and changed persons, and a re-import of the same file writes nothing.
    """
    stored = ", ".join(f"{_RESIDENT}.{column}" for column in ("household_id", *_COLUMNS))
    read = ", ".join(f"excluded.{column}" for column in ("household_id", *_COLUMNS))
    differs = "IS NOT" if vendor == "sqlite" else "IS DISTINCT FROM"
    return (
        f"ON CONFLICT (atena_no) DO UPDATE SET household_id = excluded.household_id, "
        f"{', '.join(f'{column} = excluded.{column}' for column in _COLUMNS)} "
        f"WHERE ({stored}) {differs} ({read})"
    )


def count_residents() -> int:
    """Return how many persons the register holds (current and 除票)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {_RESIDENT}")  # noqa: S608
        return int(cursor.fetchone()[0])


class BatchWriter:
    """Write batches into the register; ``written`` counts the persons inserted or changed.

    ``row_format`` names the form of the rows it takes (rows.FORMATS), for the reader to build.
    """

    row_format: str

    def __init__(self) -> None:
        self.written = 0

    def write(self, batch: RowBatch) -> None:
        """Insert the new persons of a batch and rewrite those whose values changed since the last import."""
        raise NotImplementedError

    def remember_seen(self, batch: RowBatch) -> list[CellError]:
        """Record the batch's 宛名番号 and their lines as read; return an error for each one read before."""
        lines = batch.lines
        if not lines or self._remember(batch) == len(lines):
            return []
        numbers = batch.atena_numbers
        marks = ",".join(["%s"] * len(numbers))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT atena_no, line FROM {_SEEN} WHERE atena_no IN ({marks})", numbers)  # noqa: S608
            first_lines = dict(cursor.fetchall())
        return [
            CellError(line, "宛名番号", atena_no, f"宛名番号が{first_lines[atena_no]}行目と重複しています")
            for atena_no, line in zip(numbers, lines, strict=True)
            if first_lines[atena_no] != line
        ]

    def _remember(self, batch: RowBatch) -> int:
        raise NotImplementedError


def batch_writer() -> BatchWriter:
    """Return the writer for the database in use."""
    return _PostgresWriter() if connection.vendor == "postgresql" else _SQLiteWriter()


class _SQLiteWriter(BatchWriter):
    """One ``executemany`` per batch of the rows as the reader built them.

    Absent optional values come as '' or 0 (binding None costs the driver an adapter lookup per
    value); the statement turns them into NULL.
    """

    row_format = rows.SQLITE

    def __init__(self) -> None:
        super().__init__()
        marks = [_sqlite_placeholder(column) for column in _COLUMNS]
        self.upsert = (
            f"INSERT INTO {_RESIDENT} (atena_no, household_id, {', '.join(_COLUMNS)}) "  # noqa: S608
            f"VALUES (%s, (SELECT id FROM {_HOUSEHOLD} WHERE household_no = %s), {', '.join(marks)}) "
            f"{_on_conflict('sqlite')}"
        )

    def write(self, batch: RowBatch) -> None:
        if not batch:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {_HOUSEHOLD} (household_no) VALUES (%s) ON CONFLICT (household_no) DO NOTHING",  # noqa: S608
                [(number,) for number in batch.household_numbers],
            )
            cursor.executemany(self.upsert, batch.rows)
            self.written += cursor.rowcount

    def _remember(self, batch: RowBatch) -> int:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {_SEEN} (atena_no, line) VALUES (%s, %s) ON CONFLICT (atena_no) DO NOTHING",  # noqa: S608
                list(zip(batch.atena_numbers, batch.lines, strict=True)),
            )
            return int(cursor.rowcount)


def _sqlite_placeholder(column: str) -> str:
    if column not in rows.NULLABLE:
        return "%s"
    return "NULLIF(%s, 0)" if column == "household_order" else "NULLIF(%s, '')"


class _PostgresWriter(BatchWriter):
    """Each batch is copied (COPY) into a temporary table, then written by set-based statements.

    COPY formats rows in the driver's C code; the arrays or per-row statements tried before cost
    more in Python than the database spent on them.
    """

    row_format = rows.POSTGRESQL

    def __init__(self) -> None:
        super().__init__()
        fields = {field.column: field for field in Resident._meta.concrete_fields}
        self.types = {column: fields[column].db_type(connection) for column in ("atena_no", *_COLUMNS)}
        self.staged: RowBatch | None = None
        read = ", ".join(f"s.{column}" for column in _COLUMNS)
        # A lookup by the unique 世帯番号 per row: without statistics (they come only at the end) the
        # planner joined against a full scan of the households, which grew with every batch.
        household = f"(SELECT h.id FROM {_HOUSEHOLD} h WHERE h.household_no = s.household_no)"  # noqa: S608
        self.upsert = (
            f"INSERT INTO {_RESIDENT} (atena_no, household_id, {', '.join(_COLUMNS)}) "  # noqa: S608
            f"SELECT s.atena_no, {household}, {read} FROM {_STAGE} s "
            f"{_on_conflict('postgresql')}"
        )

    def _stage(self, batch: RowBatch) -> None:
        if self.staged is batch:
            return
        with connection.cursor() as cursor:
            if self.staged is None:
                types = ", ".join(f"{column} {self.types[column]}" for column in _COLUMNS)
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {_STAGE} "
                    f"(atena_no {self.types['atena_no']}, household_no varchar(20), {types}, line integer)"
                )
            else:
                cursor.execute(f"TRUNCATE {_STAGE}")
            names = ", ".join(("atena_no", "household_no", *_COLUMNS, "line"))
            with cursor.cursor.copy(f"COPY {_STAGE} ({names}) FROM STDIN") as copy:
                for row, line in zip(batch.rows, batch.lines, strict=True):
                    copy.write_row((*row, line))
        self.staged = batch

    def write(self, batch: RowBatch) -> None:
        if not batch:
            return
        self._stage(batch)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {_HOUSEHOLD} (household_no) SELECT DISTINCT household_no FROM {_STAGE} "  # noqa: S608
                "ON CONFLICT (household_no) DO NOTHING"
            )
            cursor.execute(self.upsert)
            self.written += cursor.rowcount

    def _remember(self, batch: RowBatch) -> int:
        self._stage(batch)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {_SEEN} (atena_no, line) SELECT atena_no, line FROM {_STAGE} "  # noqa: S608
                "ON CONFLICT (atena_no) DO NOTHING"
            )
            return int(cursor.rowcount)


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

    Building an index from all rows is much faster than growing it row by row. On PostgreSQL the
    foreign keys are dropped too and added back at the end: adding one checks every row in a single
    join, where keeping it checks (and locks) the household row by row. The DDL is part of the
    import's transaction: if the import fails (``keep()`` is false), the rollback restores everything.
    """
    if Resident.objects.exists():
        yield
        return
    definitions = _secondary_indexes()
    foreign_keys = _foreign_keys()
    if foreign_keys:
        # PostgreSQL refuses ALTER TABLE while deferred checks of earlier writes are pending: run them.
        connection.check_constraints()
    with connection.cursor() as cursor:
        for name, _ in foreign_keys:
            cursor.execute(f'ALTER TABLE {_RESIDENT} DROP CONSTRAINT "{name}"')
        for name, _ in definitions:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    if keep():
        with connection.cursor() as cursor:
            for _, sql in definitions:
                cursor.execute(sql)
            for name, definition in foreign_keys:
                cursor.execute(f'ALTER TABLE {_RESIDENT} ADD CONSTRAINT "{name}" {definition}')


def _foreign_keys() -> list[tuple[str, str]]:
    """Return (name, definition) of the resident table's foreign keys on PostgreSQL (none elsewhere)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
            [_RESIDENT],
        )
        return list(cursor.fetchall())


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
        cursor.execute(f"DROP TABLE IF EXISTS {_STAGE}")
        # SQLite: one B-tree keyed by 宛名番号, instead of a table plus an index on it.
        layout = " WITHOUT ROWID" if connection.vendor == "sqlite" else ""
        columns = "atena_no VARCHAR(20) PRIMARY KEY, line INTEGER"
        cursor.execute(f"CREATE TEMPORARY TABLE {_SEEN} ({columns}){layout}")


def drop_seen_table() -> None:
    """Drop the import's temporary tables unless the transaction is broken (its rollback drops them)."""
    if connection.connection is None or connection.needs_rollback:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_SEEN}")
        cursor.execute(f"DROP TABLE IF EXISTS {_STAGE}")


def households_with_two_heads() -> list[tuple[int, str, str]]:
    """Return (line, 宛名番号, 世帯番号) of each current 世帯主 in the file after the first of a household."""
    sql = f"""
        SELECT line, atena_no, household_no FROM (
            SELECT s.line, r.atena_no, h.household_no,
                   ROW_NUMBER() OVER (PARTITION BY r.household_id ORDER BY s.line) AS place
            FROM {_RESIDENT} r
            JOIN {_SEEN} s ON s.atena_no = r.atena_no
            JOIN {_HOUSEHOLD} h ON h.id = r.household_id
            WHERE r.status = 1 AND r.relation = %s
        ) heads
        WHERE place > 1
        ORDER BY line
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [HEAD])
        return list(cursor.fetchall())


def analyze() -> None:
    """Let PostgreSQL plan the checks at the end of an import with statistics of the rows just written.

    Within the import's transaction the tables have no statistics yet (autovacuum cannot see the
    rows), and without them the planner chose nested loops that ran for minutes on 10,000 persons.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in (_RESIDENT, _HOUSEHOLD, _SEEN):
            cursor.execute(f"ANALYZE {table}")


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
