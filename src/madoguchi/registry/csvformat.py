"""The resident CSV format (docs/resident-csv.md): header check and row parsing, with no database.

Every error names the line and the column, in Japanese, so that staff can fix the export.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import compress
from typing import Any

from madoguchi.domain import japanese
from madoguchi.domain.japanese import JapaneseInputError, postal

REQUIRED = ("宛名番号", "世帯番号", "氏名", "生年月日", "性別", "続柄", "住民状態", "住所")
KANA_COLUMN = "氏名フリガナ"
FLAG_COLUMNS = ("国保", "後期高齢", "介護保険", "印鑑登録", "マイナンバーカード", "支援措置")
DATE_COLUMNS = ("住民となった日", "異動日", "消除日", "在留期間満了日")
TEXT_COLUMNS = (
    "方書",
    "異動事由",
    "旧氏",
    "通称",
    "通称フリガナ",
    "国籍",
    "在留資格",
    "本籍",
    "筆頭者",
    "国民年金種別",
    "電話番号",
)
OPTIONAL = ("住民種別", "記載順位", "郵便番号", KANA_COLUMN, *DATE_COLUMNS, *TEXT_COLUMNS, *FLAG_COLUMNS)
KNOWN = frozenset((*REQUIRED, *OPTIONAL))
# Every column of the format, in the order of this module (and of error reports within a line).
COLUMNS_IN_ORDER = (*REQUIRED, *OPTIONAL)
_POSITION = {column: position for position, column in enumerate(COLUMNS_IN_ORDER)}
# The 個人番号 column is dropped unread: Madoguchi never stores it (product principle 4).
MY_NUMBER_COLUMN = "個人番号"

SEX_CODES = {"1": "1", "男": "1", "男性": "1", "2": "2", "女": "2", "女性": "2", "9": "9", "不詳": "9"}
STATUS_CODES = {"1": 1, "住民": 1, "2": 2, "転出": 2, "3": 3, "死亡": 3, "9": 9, "消除": 9}
KIND_CODES = {"": 1, "1": 1, "日本人": 1, "日本人住民": 1, "2": 2, "外国人": 2, "外国人住民": 2}
FLAG_CODES = {"": False, "0": False, "無": False, "1": True, "有": True, "○": True}
# 続柄 codes of the core systems (reference §2.4); composite relations are written as words.
RELATION_CODES = {
    "01": "本人",
    "02": "世帯主",
    "11": "夫",
    "12": "妻",
    "13": "夫（未届）",
    "14": "妻（未届）",
    "20": "子",
    "51": "父",
    "52": "母",
    "71": "兄",
    "74": "弟",
    "81": "姉",
    "84": "妹",
    "96": "縁故者",
    "99": "同居人",
}
HEAD = "世帯主"
_RELATION_PARTS = frozenset(
    {"夫", "妻", "夫（未届）", "妻（未届）", "子", "父", "母", "兄", "姉", "弟", "妹"}
)
_RELATION_WHOLE = frozenset({"本人", HEAD, "縁故者", "同居人"})
_MAX_GENERATIONS = 4
# The search keys stored beside the names (column names of the register table too).
KEY_COLUMNS = ("name_key", "given_name_key", "kana_key", "given_kana_key", "alias_key", "alias_kana_key")
# Birth dates, names, readings and codes repeat across a register: each distinct value is read once
# per import. The memos are emptied when they grow past this, so memory stays flat for any file size.
MEMO_LIMIT = 1 << 16
_MAX_NUMBER_DIGITS = 20
# An error found in a batch: line, position of its column in the format (to sort), the error.
_Found = tuple[int, int, "CellError"]


@dataclass(frozen=True)
class CellError:
    """One problem in the file, at a line (1 = header) and column."""

    line: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"{self.line}行目「{self.column}」" if self.column else f"{self.line}行目"
        shown = f"（値「{self.value}」）" if self.value else ""
        return f"{where}: {self.message}{shown}"


@dataclass(frozen=True)
class Header:
    """Where each known column is, and what the header row says about the file."""

    positions: dict[str, int]
    width: int
    errors: tuple[CellError, ...] = ()
    warnings: tuple[str, ...] = ()
    # The known columns present, in the fixed order of the format, and where each one is in a line.
    columns: tuple[str, ...] = ()
    indices: tuple[int, ...] = ()


def read_header(cells: list[str]) -> Header:
    """Check the header row: required columns present, each column once; report ignored columns."""
    names = [cell.strip().lstrip("\ufeff") for cell in cells]
    positions: dict[str, int] = {}
    errors: list[CellError] = []
    unknown: list[str] = []
    for index, name in enumerate(names):
        if name in positions:
            errors.append(CellError(1, name, "", "同じ列名が2回あります"))
        elif name in KNOWN:
            positions[name] = index
        elif name != MY_NUMBER_COLUMN:
            unknown.append(name or f"{index + 1}列目（列名なし）")
    errors += [CellError(1, name, "", "必須の列がありません") for name in REQUIRED if name not in positions]
    columns = tuple(column for column in COLUMNS_IN_ORDER if column in positions)
    indices = tuple(positions[column] for column in columns)
    return Header(positions, len(names), tuple(errors), _warnings(names, unknown), columns, indices)


def _warnings(names: list[str], unknown: list[str]) -> tuple[str, ...]:
    warnings = []
    if MY_NUMBER_COLUMN in names:
        warnings.append("「個人番号」列は読み込まずに無視しました（個人番号は保存しません）")
    if unknown:
        warnings.append(f"不明な列を無視しました: {'、'.join(unknown)}")
    return tuple(warnings)


@dataclass
class Batch:
    """The lines of one batch read column by column: every list is aligned with ``lines``.

    ``values`` holds, per column of the format (and per search key), the value of
    every line that had no error; the lines with errors are left out and described in ``errors``.
    """

    lines: list[int]
    values: dict[str, list[Any]]
    errors: list[CellError]
    # How many lines of the batch were left out for their errors.
    rejected: int = 0

    def __len__(self) -> int:
        return len(self.lines)


class _Memo(dict[Any, Any]):
    """Values computed once per distinct input; lookups of known inputs stay inside ``dict``.

    ``compute`` raises JapaneseInputError (its message is Japanese, for staff) for an invalid input:
    the message is kept in ``failures`` and the lookup returns ``None``.
    """

    def __init__(self, compute: Callable[[str], Any]) -> None:
        super().__init__()
        self.compute = compute
        self.failures: dict[str, str] = {}

    def __missing__(self, key: str) -> Any:
        try:
            value = self.compute(key)
        except JapaneseInputError as error:
            self.failures[key] = str(error)
            return None
        self[key] = value
        return value

    def map(self, column: Sequence[str]) -> list[Any]:
        """Return the value of every input of a column."""
        return list(map(self.__getitem__, column))

    def failed_in(self, column: Sequence[str]) -> bool:
        """Return whether any input of the column is invalid (one pass in C in the usual case)."""
        return bool(self.failures) and not self.failures.keys().isdisjoint(column)

    def trim(self) -> None:
        if len(self) + len(self.failures) > MEMO_LIMIT:
            self.clear()
            self.failures.clear()


def _parse_date(value: str) -> date | None:
    # 0000000 and the like stand for "no date" in core-system exports.
    return None if value.strip("0") == "" else japanese.parse_date(value)


def _read_relation(value: str) -> str | None:
    if not value:
        return None
    word = RELATION_CODES.get(value, value)
    if not _is_relation(word):
        raise JapaneseInputError("不明な続柄です（コード02・11・20…、または「世帯主」「子の妻」などの語）")
    return word


def _read_order(value: str) -> int | None:
    if not value:
        return None
    if value.isascii() and value.isdigit() and 0 < int(value) < 1000:
        return int(value)
    raise JapaneseInputError("1以上の整数で書いてください")


def _read_postal_code(value: str) -> str:
    return postal.normalize_postal_code(value) if value else ""


def _given(full: str) -> str:
    parts = full.split(maxsplit=1)
    return parts[1] if len(parts) == 2 else ""


class _NameKeys:
    """Search keys of full names and of their given names, built from memoised parts where safe."""

    def __init__(self, key: Callable[[str], str]) -> None:
        self.key = key
        self.parts = _Memo(key)
        self.full = _Memo(self._full)
        self.given = _Memo(lambda full: self.parts[_given(full)])

    def _full(self, full: str) -> str:
        parts = full.split(maxsplit=1)
        if len(parts) == 2 and _starts_plainly(parts[1]):
            return str(self.parts[parts[0]] + self.parts[parts[1]])
        return str(self.key(full))

    def trim(self) -> None:
        for memo in (self.parts, self.full, self.given):
            memo.trim()


def _starts_plainly(text: str) -> bool:
    """Return whether the key of ``text`` does not depend on what is written before it.

    A kanji or a full-size kana letter neither composes with, repeats nor is removed beside the
    preceding character, so the key of 氏＋名 is then the key of 氏 followed by the key of 名.
    """
    first = ord(text[0])
    return (
        0x4E00 <= first <= 0x9FFF  # CJK unified ideographs (々 is outside)
        or 0x3400 <= first <= 0x4DBF  # extension A
        or 0x20000 <= first <= 0x2FA1F  # extensions B and later (𠮷), compatibility supplement
        or ((0x3041 <= first <= 0x3094 or 0x30A1 <= first <= 0x30F4) and text[0] not in _SMALL_KANA)
    )


_SMALL_KANA = frozenset("ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ")


class BatchReader:
    """Read the data lines of one file in batches, column by column, collecting every error.

    Checks and conversions run once per distinct value of a column (memos), and each column is
    processed by list-wide operations, so the cost per line stays close to that of splitting it.
    """

    def __init__(self, header: Header) -> None:
        self.header = header
        self.dates = _Memo(_parse_date)
        self.relations = _Memo(_read_relation)
        self.orders = _Memo(_read_order)
        self.postal_codes = _Memo(_read_postal_code)
        self.names = _NameKeys(japanese.name_key)
        self.readings = _NameKeys(japanese.kana_key)

    def read(self, lines: list[int], rows: list[list[str]]) -> Batch:
        """Return the batch of these lines (line numbers and their cells)."""
        errors: list[_Found] = []
        read = len(lines)
        width = self.header.width
        if any(len(cells) != width for cells in rows):
            for line, cells in zip(lines, rows, strict=True):
                if len(cells) != width:
                    message = f"列の数が{len(cells)}個です（見出し行は{width}個）"
                    errors.append((line, -1, CellError(line, "", "", message)))
            kept = [len(cells) == width for cells in rows]
            lines, rows = list(compress(lines, kept)), list(compress(rows, kept))
        columns = _Columns(self.header, lines, rows, errors)
        values = self._values(columns)
        for memo in (self.dates, self.relations, self.orders, self.postal_codes):
            memo.trim()
        self.names.trim()
        self.readings.trim()
        errors.sort(key=lambda found: (found[0], found[1]))
        batch_errors = [error for _, _, error in errors]
        if columns.bad:
            kept = [index not in columns.bad for index in range(len(lines))]
            values = {name: list(compress(column, kept)) for name, column in values.items()}
            lines = list(compress(lines, kept))
        return Batch(lines, values, batch_errors, read - len(lines))

    def _values(self, c: _Columns) -> dict[str, list[Any]]:
        kinds = c.coded("住民種別", KIND_CODES, "1（日本人）か2（外国人）")
        values: dict[str, list[Any]] = {
            "宛名番号": c.number("宛名番号"),
            "世帯番号": c.number("世帯番号"),
            "氏名": c.required("氏名"),
            KANA_COLUMN: c.kana(kinds),
            "生年月日": c.memo("生年月日", self.dates, required=True),
            "性別": c.coded("性別", SEX_CODES, "1（男）・2（女）・9"),
            "続柄": c.memo("続柄", self.relations, required=True),
            "住民状態": c.coded("住民状態", STATUS_CODES, "1（住民）・2（転出）・3（死亡）・9（消除）"),
            "住所": c.required("住所"),
            "住民種別": [1 if kind is None else kind for kind in kinds],
            "記載順位": c.memo("記載順位", self.orders),
            "郵便番号": c.memo("郵便番号", self.postal_codes),
        }
        values |= {column: c.memo(column, self.dates) for column in DATE_COLUMNS}
        values |= {column: c.cells(column) for column in TEXT_COLUMNS}
        values |= {column: c.coded(column, FLAG_CODES, "0か1") for column in FLAG_COLUMNS}
        names, readings = values["氏名"], values[KANA_COLUMN]
        values["name_key"] = self.names.full.map(names)
        values["given_name_key"] = self.names.given.map(names)
        values["kana_key"] = self.readings.full.map(readings)
        values["given_kana_key"] = self.readings.given.map(readings)
        values["alias_key"] = self.names.full.map(values["通称"])
        values["alias_kana_key"] = self.readings.full.map(values["通称フリガナ"])
        return values


class _Columns:
    """The stripped cells of a batch by column, and the checks that record errors by line."""

    def __init__(self, header: Header, lines: list[int], rows: list[list[str]], errors: list[_Found]) -> None:
        self.lines = lines
        self.size = len(lines)
        transposed = list(zip(*rows, strict=True)) if rows else [() for _ in range(header.width)]
        self.stripped = {
            column: list(map(str.strip, transposed[index]))
            for column, index in zip(header.columns, header.indices, strict=True)
        }
        self.errors = errors
        self.bad: set[int] = set()

    def cells(self, column: str) -> list[str]:
        found = self.stripped.get(column)
        return found if found is not None else [""] * self.size

    def fail(self, index: int, column: str, message: str) -> None:
        line = self.lines[index]
        value = self.cells(column)[index]
        self.errors.append((line, _POSITION[column], CellError(line, column, value, message)))
        self.bad.add(index)

    def required(self, column: str) -> list[str]:
        cells = self.cells(column)
        if not all(cells):
            for index in _indices(cells, lambda value: not value):
                self.fail(index, column, "必須の項目が空です")
        return cells

    def number(self, column: str) -> list[str]:
        cells = self.required(column)
        joined = "".join(cells)
        longest = max(map(len, cells), default=0)
        if not (joined.isascii() and joined.isdigit() and longest <= _MAX_NUMBER_DIGITS):
            # Kept as text: leading zeros are part of the number (reference §7).
            for index in _indices(cells, lambda value: bool(value) and not _is_number(value)):
                self.fail(index, column, "半角数字（20桁まで）で書いてください")
        return cells

    def kana(self, kinds: list[int | None]) -> list[str]:
        cells = self.cells(KANA_COLUMN)
        if not all(cells):
            for index in _indices(cells, lambda value: not value):
                if kinds[index] in (1, None):
                    self.fail(index, KANA_COLUMN, "日本人住民はフリガナが必須です")
        return cells

    def coded(self, column: str, codes: dict[str, Any], allowed: str) -> list[Any]:
        cells = self.cells(column)
        values = list(map(codes.get, cells))
        if None in values:
            for index in _indices(values, lambda value: value is None):
                message = "必須の項目が空です" if not cells[index] else f"不明なコードです（{allowed}）"
                self.fail(index, column, message)
        return values

    def memo(self, column: str, memo: _Memo, *, required: bool = False) -> list[Any]:
        cells = self.cells(column)
        values = memo.map(cells)
        if memo.failed_in(cells):
            for index in _indices(cells, lambda value: value in memo.failures):
                self.fail(index, column, memo.failures[cells[index]])
        if required and None in values:
            for index in _indices(values, lambda value: value is None):
                if cells[index] not in memo.failures:
                    self.fail(index, column, "必須の項目が空です")
        return values


def _indices(values: Iterable[Any], predicate: Callable[[Any], bool]) -> list[int]:
    return [index for index, value in enumerate(values) if predicate(value)]


def _is_number(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) <= _MAX_NUMBER_DIGITS


def parse_row(header: Header, cells: list[str], line: int) -> dict[str, Any] | list[CellError]:
    """Return the values of one data line by column, or every problem found on it."""
    batch = BatchReader(header).read([line], [cells])
    return batch.errors or {name: column[0] for name, column in batch.values.items()}


def _is_relation(word: str) -> bool:
    if word in _RELATION_WHOLE:
        return True
    parts = word.split("の")
    return 0 < len(parts) <= _MAX_GENERATIONS and all(part in _RELATION_PARTS for part in parts)
