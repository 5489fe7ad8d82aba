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
class NumberChanges:
    """What an import does to one kind: the numbers to add and change, the stored rows to remove."""

    added: dict[str, str] = field(default_factory=dict)  # 宛名番号 → number
    changed: dict[int, str] = field(default_factory=dict)  # stored row → its new number
    removed: list[int] = field(default_factory=list)  # stored rows


@dataclass
class NumbersReport:
    """What an import of the departments' numbers found and did; ``lines()`` is the Japanese report."""

    encoding: str = ""
    dry_run: bool = False
    rows: int = 0
    # By kind: how many lines, and what the import adds, changes and removes against what is stored.
    by_kind: Counter[str] = field(default_factory=Counter)
    changes: dict[str, NumberChanges] = field(default_factory=dict)
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
            if any(error.message == numbers.UNKNOWN_KIND for error in self.errors):
                out.append(f"使える番号の種類: {'、'.join(numbers.KINDS)}")
            return out
        for kind, count in self.by_kind.items():
            change = self.changes[kind]
            label = numbers.KIND_LABELS[kind]
            added, changed, removed = len(change.added), len(change.changed), len(change.removed)
            out.append(f"{label}: {count}件（追加 {added}件・変更 {changed}件・削除 {removed}件）")
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


def department_numbers_import(
    *,
    stream: IO[bytes],
    encoding: str = "auto",
    dry_run: bool = False,
    actor: Staff | None = None,
    client_address: str = "",
) -> NumbersReport:
    """Import the departments' numbers CSV: all or nothing, audited; return the report.

    The file holds every number of each kind it names: those kinds become what the file says (a
    number no longer in the file is gone; only what differs is written); kinds the file does not
    name stay as they were.
    """
    report = NumbersReport(dry_run=dry_run)
    report.encoding = ENCODINGS[encoding] or detect_encoding(stream.read(_SNIFF_BYTES))
    stream.seek(0)
    with transaction.atomic():  # writes only when every line is right and it is no dry run
        _numbers_load(report, _decoded_lines(stream, report))
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
    """Check every line; with none failed, write only what differs from what is stored, by kind.

    Runs inside the caller's transaction: everything is read and compared before the first write, so
    on SQLite the counter's writes wait only for the (usually small) changes.
    """
    reader = csv.reader(lines)
    found: dict[str, dict[str, tuple[str, int]]] = {}  # kind → 宛名番号 → (number, line)
    try:
        positions, errors, report.warnings = numbers.header_errors(next(reader, []))
        for error in errors:
            report.add_error(error)
        if errors:
            return
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            report.rows += 1
            row = numbers.read_line(positions, cells, reader.line_num)
            if isinstance(row, list):
                for error in row:
                    report.add_error(error)
                continue
            of_kind = found.setdefault(row.kind, {})
            if row.atena_no in of_kind:
                message = f"同じ宛名番号・番号の種類が{of_kind[row.atena_no][1]}行目にもあります"
                report.add_error(CellError(row.line, numbers.ATENA, row.atena_no, message))
                continue
            of_kind[row.atena_no] = (row.number, row.line)
            report.by_kind[row.kind] += 1
    except csv.Error as error:
        report.add_error(CellError(reader.line_num, "", "", f"CSVとして読めません（{error}）"))
        return
    if not report.ok:
        return
    for kind, given in found.items():
        report.changes[kind] = _number_changes(kind, {atena: number for atena, (number, _) in given.items()})
    report.outside_register = _outside_register({atena for given in found.values() for atena in given})
    if not report.dry_run:
        for kind, change in report.changes.items():
            _number_changes_write(kind, change)


def _number_changes(kind: str, given: dict[str, str]) -> NumberChanges:
    """Return what makes the stored numbers of a kind equal to the file's."""
    change = NumberChanges()
    for pk, atena, number in DepartmentNumber.objects.filter(kind=kind).values_list(
        "pk", "atena_no", "number"
    ):
        new = given.pop(atena, None)
        if new is None:
            change.removed.append(pk)
        elif new != number:
            change.changed[pk] = new
    change.added = given  # what is left was not stored
    return change


def _number_changes_write(kind: str, change: NumberChanges) -> None:
    for start in range(0, len(change.removed), _NUMBERS_BATCH):
        DepartmentNumber.objects.filter(pk__in=change.removed[start : start + _NUMBERS_BATCH]).delete()
    updated = [DepartmentNumber(pk=pk, number=number) for pk, number in change.changed.items()]
    DepartmentNumber.objects.bulk_update(updated, ["number"], batch_size=_NUMBERS_BATCH)
    added = [
        DepartmentNumber(atena_no=atena, kind=kind, number=number) for atena, number in change.added.items()
    ]
    DepartmentNumber.objects.bulk_create(added, batch_size=_NUMBERS_BATCH)


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
