"""Writes to the register: the all-or-nothing, streaming CSV import."""

from __future__ import annotations

import codecs
import csv
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

from django.db import transaction

from madoguchi.audit.services import audit_record
from madoguchi.registry import numbers, writer
from madoguchi.registry.csvformat import HEAD, CellError, Header
from madoguchi.registry.csvreader import Events, read_events
from madoguchi.registry.models import DepartmentNumber, Resident
from madoguchi.registry.rows import RowBatch
from madoguchi.registry.selectors import SearchResult

if TYPE_CHECKING:
    from madoguchi.accounts.models import Staff

MAX_REPORTED_ERRORS = 100
ENCODINGS = {"auto": "", "cp932": "cp932", "utf-8": "utf-8-sig", "utf8": "utf-8-sig"}
_SNIFF_BYTES = 64 * 1024


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
    """Import a resident CSV snapshot: all or nothing, streamed, audited; return the report.

    The file is staged and checked beside the register; the register is then changed in one short
    transaction holding only the new and changed persons, so the counter keeps working meanwhile.
    """
    report = ImportReport(dry_run=dry_run)
    report.encoding = ENCODINGS[encoding] or detect_encoding(stream.read(_SNIFF_BYTES))
    stream.seek(0)
    events = None
    try:
        with writer.large_page_cache():
            stage = writer.stage()
            events = read_events(stream, report.encoding, stage.row_format)
            _Importer(report, stage, progress).run(events)
    finally:
        if events is not None:
            events.close()  # stops the reading helper process, if any, even after an error
        writer.drop_stage()
    action = "resident.import" if report.committed else "resident.import_check"
    audit_record(action=action, actor=actor, detail=report.audit_detail(), client_address=client_address)
    return report


class _Importer:
    """One import run: stage and check every line, then switch the register in one transaction."""

    def __init__(
        self, report: ImportReport, stage: writer.Stage, progress: Callable[[int], None] | None
    ) -> None:
        self.report = report
        self.progress = progress
        self.stage = stage

    def run(self, events: Events) -> None:
        _, header = next(events)
        if isinstance(header, CellError):  # the header line itself could not be read
            self.report.add_error(header)
            return
        assert isinstance(header, Header)
        self._add_errors(list(header.errors))
        self.report.warnings += header.warnings
        if header.errors:
            return
        for _, found in events:
            if isinstance(found, RowBatch):
                self._batch(found)
            elif isinstance(found, CellError):
                self.report.add_error(found)
        self._finish()

    def _batch(self, batch: RowBatch) -> None:
        self.report.rows += len(batch.lines) + batch.rejected
        self._add_errors(batch.errors)
        self._add_errors(self.stage.add(batch))
        if self.progress:
            self.progress(self.report.rows)

    def _add_errors(self, errors: list[CellError]) -> None:
        for error in errors:
            self.report.add_error(error)

    def _finish(self) -> None:
        if not self.report.ok:
            return
        writer.analyze_stage()
        for line, atena_no, household_no in writer.households_with_two_heads():
            message = f"世帯番号{household_no}の世帯に住民の世帯主が2人以上います"
            self.report.add_error(CellError(line, "続柄", HEAD, f"{message}（宛名番号{atena_no}）"))
        if not self.report.ok:
            return
        first_load = writer.count_residents() == 0
        if first_load:
            added, changed = self.stage.staged, 0
        else:  # into an empty register, every person registered then comes from the file
            added, changed = writer.compare_with_register()
            self.report.missing, self.report.missing_sample = writer.missing_from_file()
        if not self.report.dry_run and added + changed:
            # The switch: the register's only write, in one transaction.
            with transaction.atomic(), writer.indexes_built_at_the_end():
                added, changed = writer.merge(everyone=first_load)
            if first_load:
                writer.analyze_register()
        self.report.added, self.report.changed = added, changed
        self.report.unchanged = self.report.rows - added - changed


@dataclass
class NumbersReport:
    """What an import of the departments' numbers found and did; ``lines()`` is the Japanese report."""

    encoding: str = ""
    dry_run: bool = False
    rows: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    before: dict[str, int] = field(default_factory=dict)
    outside_register: int = 0
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
        for kind, count in self.by_kind.items():
            before = self.before.get(kind, 0)
            out.append(f"{numbers.KIND_LABELS[kind]}: {count}件（入れ替え前 {before}件）")
        if self.outside_register:
            out.append(
                f"住民記録にない宛名番号: {self.outside_register}件"
                "（取り込みました。住民記録に載った人の分から印字に使われます）"
            )
        out.append(
            "試行のみ（--dry-run）: データベースは変更していません。" if self.dry_run else "取り込みました。"
        )
        return out

    def audit_detail(self) -> dict[str, object]:
        """Return the counts for the audit trail (no numbers, no 宛名番号)."""
        return {
            "encoding": self.encoding,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "number_kinds": {numbers.KIND_LABELS[kind]: count for kind, count in self.by_kind.items()},
            "outside_register": self.outside_register,
            "errors": self.error_count,
        }


_NUMBERS_BATCH = 5000


class _RolledBack(Exception):
    """Raised inside the import's transaction to undo it (a check only, or an error found)."""


def department_numbers_import(
    *,
    stream: IO[bytes],
    encoding: str = "auto",
    dry_run: bool = False,
    actor: Staff | None = None,
    client_address: str = "",
) -> NumbersReport:
    """Import the departments' numbers CSV: all or nothing, audited; return the report.

    The file holds every number of each kind it names: those kinds are replaced as a whole (a
    number no longer in the file is gone); kinds the file does not name stay as they were.
    """
    report = NumbersReport(dry_run=dry_run)
    report.encoding = ENCODINGS[encoding] or detect_encoding(stream.read(_SNIFF_BYTES))
    stream.seek(0)
    try:
        with transaction.atomic():
            _numbers_load(report, _decoded_lines(stream, report))
            if not report.committed:
                raise _RolledBack
    except _RolledBack:
        pass
    action = "resident.numbers_import" if report.committed else "resident.numbers_import_check"
    audit_record(action=action, actor=actor, detail=report.audit_detail(), client_address=client_address)
    return report


def _decoded_lines(stream: IO[bytes], report: NumbersReport) -> Iterator[str]:
    """Yield the file's lines as text; a line the encoding cannot read is an error at that line."""
    for number, raw in enumerate(stream, start=1):
        try:
            yield raw.decode(report.encoding)
        except UnicodeDecodeError:
            message = (
                f"文字コード {report.encoding} として読めない文字があります（--encoding で指定できます）"
            )
            report.add_error(CellError(number, "", "", message))
            yield raw.decode(report.encoding, errors="replace")


def _numbers_load(report: NumbersReport, lines: Iterator[str]) -> None:
    """Check every line and, while none failed, write them (inside the caller's transaction)."""
    reader = csv.reader(lines)
    try:
        positions, errors, report.warnings = numbers.header_errors(next(reader, []))
        for error in errors:
            report.add_error(error)
        if errors:
            return
        seen: dict[tuple[str, str], int] = {}
        batch: list[DepartmentNumber] = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            report.rows += 1
            found = numbers.read_line(positions, cells, reader.line_num)
            if isinstance(found, list):
                for error in found:
                    report.add_error(error)
                continue
            first = seen.setdefault((found.atena_no, found.kind), found.line)
            if first != found.line:
                message = f"同じ宛名番号・番号の種類が{first}行目にもあります"
                report.add_error(CellError(found.line, numbers.ATENA, found.atena_no, message))
                continue
            if found.kind not in report.by_kind:
                report.before[found.kind] = DepartmentNumber.objects.filter(kind=found.kind).count()
                DepartmentNumber.objects.filter(kind=found.kind).delete()
            report.by_kind[found.kind] += 1
            if report.ok:
                batch.append(DepartmentNumber(atena_no=found.atena_no, kind=found.kind, number=found.number))
            if len(batch) >= _NUMBERS_BATCH:
                DepartmentNumber.objects.bulk_create(batch)
                batch = []
    except csv.Error as error:
        report.add_error(CellError(reader.line_num, "", "", f"CSVとして読めません（{error}）"))
        return
    if report.ok:
        DepartmentNumber.objects.bulk_create(batch)
        report.outside_register = _outside_register({atena for atena, _ in seen})


def department_numbers_clear(
    *, labels: list[str], actor: Staff | None = None, client_address: str = ""
) -> int:
    """Delete every number of the named kinds (番号の種類 as the file names them); return how many.

    Raise ValueError with a Japanese message, changing nothing, when a name is not a kind.
    """
    unknown = [label for label in labels if label not in numbers.KINDS]
    if unknown or not labels:
        allowed = "、".join(numbers.KINDS)
        raise ValueError(f"番号の種類「{'、'.join(unknown)}」はありません。次のどれかです: {allowed}")
    kinds = [numbers.KINDS[label] for label in labels]
    with transaction.atomic():
        deleted, _ = DepartmentNumber.objects.filter(kind__in=kinds).delete()
        detail = {"number_kinds": list(labels), "deleted": deleted}
        audit_record(
            action="resident.numbers_clear", actor=actor, detail=detail, client_address=client_address
        )
    return deleted


def _outside_register(atenas: set[str]) -> int:
    """Return how many of the 宛名番号 the register does not hold (in chunks, for a large file)."""
    ordered = sorted(atenas)
    found = 0
    for start in range(0, len(ordered), _NUMBERS_BATCH):
        chunk = ordered[start : start + _NUMBERS_BATCH]
        found += Resident.objects.filter(atena_no__in=chunk).count()
    return len(atenas) - found


def resident_search_record(
    *, result: SearchResult, actor: Staff | None, client_address: str = "", channel: str = "web"
) -> None:
    """Audit a search: the kinds of input, who was listed (ids), never the typed text; restricted hits too."""
    detail = {
        "kinds": result.query.kinds,
        "count": len(result.residents),
        # Answers "who saw resident X in a result list": the ids shown, at most one page of them.
        "shown": [r.subject for r in result.residents],
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
