"""Writes to the register: the all-or-nothing, streaming CSV import."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from django.db import connection, transaction

from madoguchi.audit.services import audit_record
from madoguchi.registry.csvformat import HEAD, CellError, Header, ResidentRow, parse_row, read_header
from madoguchi.registry.models import Household, Resident
from madoguchi.registry.selectors import SearchResult

if TYPE_CHECKING:
    from madoguchi.accounts.models import Staff

BATCH_SIZE = 2000
MAX_REPORTED_ERRORS = 100
MAX_REPORTED_MISSING = 20
ENCODINGS = {"auto": "", "cp932": "cp932", "utf-8": "utf-8-sig", "utf8": "utf-8-sig"}
_SNIFF_BYTES = 64 * 1024
_SEEN = "registry_import_seen"


@dataclass
class ImportReport:
    """What an import found and did; ``lines()`` is the Japanese report shown to staff."""

    encoding: str = ""
    dry_run: bool = False
    rows: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    missing: int = 0
    missing_sample: list[str] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    error_count: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Return whether the file had no error."""
        return self.error_count == 0

    @property
    def committed(self) -> bool:
        """Return whether the database was changed."""
        return self.ok and not self.dry_run

    def add_error(self, error: CellError) -> None:
        """Count an error and keep the first ones for the report."""
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(error)

    def lines(self) -> list[str]:
        """Return the report in Japanese, one line per item."""
        out = [f"文字コード: {self.encoding}　データ行: {self.rows}行", *self.warnings]
        if not self.ok:
            out.append(f"エラーが{self.error_count}件あります。データベースは変更していません。")
            out += [str(error) for error in self.errors]
            if self.error_count > len(self.errors):
                out.append(f"（ほか{self.error_count - len(self.errors)}件のエラーは省略）")
            return out
        out.append(f"追加: {self.added}人　変更: {self.changed}人　変更なし: {self.unchanged}人")
        if self.missing:
            sample = "、".join(self.missing_sample)
            out.append(
                f"ファイルにない登録済みの人: {self.missing}人（削除していません。宛名番号: {sample}）"
            )
        out.append(
            "試行のみ（--dry-run）: データベースは変更していません。" if self.dry_run else "取り込みました。"
        )
        return out

    def audit_detail(self) -> dict[str, object]:
        """Return the counts for the audit trail (no names, no values from the file)."""
        return {
            "encoding": self.encoding,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "added": self.added,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "missing": self.missing,
            "errors": self.error_count,
        }


def detect_encoding(head: bytes) -> str:
    """Return "utf-8-sig" for UTF-8 (with or without BOM), else "cp932" (Windows-31J Shift_JIS)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        # An incremental decoder tolerates a character cut at the end of the sample.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp932"
    return "utf-8-sig"


def residents_import(
    *,
    stream: IO[bytes],
    encoding: str = "auto",
    dry_run: bool = False,
    actor: Staff | None = None,
    client_address: str = "",
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import a resident CSV snapshot: all or nothing, streamed, audited; return the report."""
    report = ImportReport(dry_run=dry_run)
    report.encoding = ENCODINGS[encoding] or detect_encoding(stream.read(_SNIFF_BYTES))
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=report.encoding, newline="", errors="strict")
    try:
        with transaction.atomic():
            _Importer(report, progress).run(csv.reader(text))
            if not report.committed:
                transaction.set_rollback(True)
    finally:
        text.detach()
    action = "resident.import" if report.committed else "resident.import_check"
    audit_record(action=action, actor=actor, detail=report.audit_detail(), client_address=client_address)
    return report


class _Importer:
    """One import run inside one transaction; writing stops at the first error, checking goes on."""

    def __init__(self, report: ImportReport, progress: Callable[[int], None] | None) -> None:
        self.report = report
        self.progress = progress

    def run(self, reader: Any) -> None:
        line = 1
        try:
            header = read_header(next(reader, []))
            for error in header.errors:
                self.report.add_error(error)
            self.report.warnings += header.warnings
            if not header.errors:
                _create_seen_table()
                for batch in _batches(reader, header):
                    self._batch(batch)
                    line = batch[-1][0]
                self._finish()
        except UnicodeDecodeError:
            message = f"文字コード{self.report.encoding}として読めない文字があります（取込をやめました）"
            self.report.add_error(CellError(line + 1, "", "", message))
        except csv.Error as error:
            self.report.add_error(CellError(line + 1, "", "", f"CSVとして読めません: {error}"))
        finally:
            _drop_seen_table()

    def _batch(self, batch: list[tuple[int, ResidentRow | list[CellError]]]) -> None:
        rows: list[tuple[int, ResidentRow]] = []
        for line, parsed in batch:
            if isinstance(parsed, list):
                for error in parsed:
                    self.report.add_error(error)
            else:
                rows.append((line, parsed))
        self.report.rows += len(batch)
        rows = self._drop_duplicates(rows)
        if self.report.ok:
            _write(rows, self.report)
        if self.progress:
            self.progress(self.report.rows)

    def _drop_duplicates(self, rows: list[tuple[int, ResidentRow]]) -> list[tuple[int, ResidentRow]]:
        first_lines = _seen_lines([row.atena_no for _, row in rows])
        unique: list[tuple[int, ResidentRow]] = []
        for line, row in rows:
            if row.atena_no in first_lines:
                message = f"宛名番号が{first_lines[row.atena_no]}行目と重複しています"
                self.report.add_error(CellError(line, "宛名番号", row.atena_no, message))
            else:
                first_lines[row.atena_no] = line
                unique.append((line, row))
        _remember_seen([(row.atena_no, line) for line, row in unique])
        return unique

    def _finish(self) -> None:
        if not self.report.ok:
            return
        for line, atena_no, household_no in _households_with_two_heads():
            message = f"世帯番号{household_no}の世帯に住民の世帯主が2人以上います"
            self.report.add_error(CellError(line, "続柄", HEAD, f"{message}（宛名番号{atena_no}）"))
        self.report.missing, self.report.missing_sample = _missing_from_file()
        if connection.vendor == "sqlite" and self.report.added + self.report.changed > 10_000:
            # Fresh statistics let SQLite pick the birth-date index for "name + birth date" searches.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE registry_resident")


def _batches(reader: Any, header: Header) -> Iterable[list[tuple[int, ResidentRow | list[CellError]]]]:
    batch: list[tuple[int, ResidentRow | list[CellError]]] = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        # line_num counts physical lines, so a quoted field with a line break keeps later numbers right.
        batch.append((reader.line_num, parse_row(header, cells, reader.line_num)))
        if len(batch) >= BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def _write(rows: list[tuple[int, ResidentRow]], report: ImportReport) -> None:
    households = _households_for({row.household_no for _, row in rows})
    existing = {
        atena_no: (pk, digest)
        for atena_no, pk, digest in Resident.objects.filter(
            atena_no__in=[row.atena_no for _, row in rows]
        ).values_list("atena_no", "pk", "digest")
    }
    added: list[Resident] = []
    changed: list[Resident] = []
    for _, row in rows:
        digest = row.digest()
        known = existing.get(row.atena_no)
        if known and known[1] == digest:
            report.unchanged += 1
            continue
        resident = _resident(row, digest, households[row.household_no])
        if known:
            resident.pk = known[0]
            changed.append(resident)
        else:
            added.append(resident)
    Resident.objects.bulk_create(added)
    if changed:
        Resident.objects.bulk_update(changed, _UPDATED_FIELDS)
    report.added += len(added)
    report.changed += len(changed)


def _households_for(numbers: set[str]) -> dict[str, Household]:
    found = {h.household_no: h for h in Household.objects.filter(household_no__in=numbers)}
    new = [Household(household_no=number) for number in numbers - found.keys()]
    if new:
        Household.objects.bulk_create(new)
        # bulk_create sets primary keys on PostgreSQL and SQLite (RETURNING), so no reload is needed.
        found.update({h.household_no: h for h in new})
    return found


def _resident(row: ResidentRow, digest: str, household: Household) -> Resident:
    texts, dates, flags = row.texts, row.dates, row.flags
    return Resident(
        atena_no=row.atena_no,
        household=household,
        household_order=row.household_order,
        relation=row.relation,
        name=row.name,
        kana=row.kana,
        **row.keys(),
        birth_date=row.birth_date,
        sex=row.sex,
        status=row.status,
        resident_kind=row.resident_kind,
        postal_code=row.postal_code,
        address=row.address,
        address_detail=texts["方書"],
        became_resident_on=dates["住民となった日"],
        changed_on=dates["異動日"],
        change_reason=texts["異動事由"],
        removed_on=dates["消除日"],
        former_surname=texts["旧氏"],
        alias_name=texts["通称"],
        alias_kana=texts["通称フリガナ"],
        nationality=texts["国籍"],
        residence_status=texts["在留資格"],
        residence_expiry=dates["在留期間満了日"],
        honseki=texts["本籍"],
        hittosha=texts["筆頭者"],
        national_health_insurance=flags["国保"],
        late_elderly_insurance=flags["後期高齢"],
        care_insurance=flags["介護保険"],
        pension_kind=texts["国民年金種別"],
        seal_registered=flags["印鑑登録"],
        my_number_card=flags["マイナンバーカード"],
        restricted=flags["支援措置"],
        phone=texts["電話番号"],
        digest=digest,
    )


_UPDATED_FIELDS = [f.name for f in Resident._meta.concrete_fields if f.name not in {"id", "atena_no"}]


# The set of 宛名番号 already read lives in a temporary table, so memory stays flat for any file size.
def _create_seen_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_SEEN}")
        cursor.execute(f"CREATE TEMPORARY TABLE {_SEEN} (atena_no VARCHAR(20) PRIMARY KEY, line INTEGER)")


def _drop_seen_table() -> None:
    if connection.connection is None or connection.needs_rollback:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_SEEN}")


def _seen_lines(numbers: list[str]) -> dict[str, int]:
    if not numbers:
        return {}
    marks = ",".join(["%s"] * len(numbers))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT atena_no, line FROM {_SEEN} WHERE atena_no IN ({marks})", numbers)  # noqa: S608
        return dict(cursor.fetchall())


def _remember_seen(pairs: list[tuple[str, int]]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {_SEEN} (atena_no, line) VALUES (%s, %s)", pairs)  # noqa: S608


def _households_with_two_heads() -> list[tuple[int, str, str]]:
    sql = f"""
        SELECT s.line, r.atena_no, h.household_no
        FROM registry_resident r
        JOIN registry_household h ON h.id = r.household_id
        JOIN {_SEEN} s ON s.atena_no = r.atena_no
        WHERE r.status = 1 AND r.relation = %s AND r.household_id IN (
            SELECT household_id FROM registry_resident WHERE status = 1 AND relation = %s
            GROUP BY household_id HAVING COUNT(*) > 1)
        ORDER BY s.line
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [HEAD, HEAD])
        rows = cursor.fetchall()
    # Report every head but the first of each household: the first one is not the mistake.
    firsts: set[str] = set()
    reported = []
    for line, atena_no, household_no in rows:
        if household_no in firsts:
            reported.append((line, atena_no, household_no))
        firsts.add(household_no)
    return reported


def _missing_from_file() -> tuple[int, list[str]]:
    where = f"NOT EXISTS (SELECT 1 FROM {_SEEN} s WHERE s.atena_no = r.atena_no)"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM registry_resident r WHERE {where}")  # noqa: S608
        count = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT atena_no FROM registry_resident r WHERE {where} ORDER BY atena_no LIMIT %s",  # noqa: S608
            [MAX_REPORTED_MISSING],
        )
        return count, [row[0] for row in cursor.fetchall()]


def resident_search_record(
    *, result: SearchResult, actor: Staff | None, client_address: str = "", channel: str = "web"
) -> None:
    """Audit a search: the kinds of input and the count, never the typed text; each restricted hit too."""
    detail = {
        "kinds": result.query.kinds,
        "count": len(result.residents),
        "capped": result.capped,
        "channel": channel,
        "restricted_shown": [r.subject for r in result.restricted],
    }
    audit_record(action="resident.search", actor=actor, detail=detail, client_address=client_address)
    for resident in result.restricted:
        audit_record(
            action="resident.restricted_shown",
            actor=actor,
            subject=resident.subject,
            detail={"channel": channel},
            client_address=client_address,
        )


def resident_view_record(*, resident: Resident, actor: Staff | None, client_address: str = "") -> None:
    """Audit the opening of one person's page (and say when the person is under 支援措置)."""
    audit_record(
        action="resident.view",
        actor=actor,
        subject=resident.subject,
        detail={"restricted": resident.restricted, "household": f"household:{resident.household_id}"},
        client_address=client_address,
    )
