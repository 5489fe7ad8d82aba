"""The resident CSV format (docs/resident-csv.md): header check and row parsing, with no database.

Every error names the line and the column, in Japanese, so that staff can fix the export.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TypeVar

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
# Every column of the format, in the order of this module (and of the fingerprint).
COLUMNS_IN_ORDER = (*REQUIRED, *OPTIONAL)
_DIGEST_COLUMNS = COLUMNS_IN_ORDER
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
T = TypeVar("T")
# Birth dates, names and readings repeat across a register: bounded caches save most of the parsing.
_CACHE_SIZE = 1 << 14
parse_date = lru_cache(maxsize=_CACHE_SIZE)(japanese.parse_date)
name_key = lru_cache(maxsize=_CACHE_SIZE)(japanese.name_key)
kana_key = lru_cache(maxsize=_CACHE_SIZE)(japanese.kana_key)
normalize_postal_code = lru_cache(maxsize=_CACHE_SIZE)(postal.normalize_postal_code)


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


@dataclass(frozen=True)
class ResidentRow:
    """One person as read from the file: original characters kept, keys computed beside them."""

    atena_no: str
    household_no: str
    name: str
    kana: str
    birth_date: date
    sex: str
    relation: str
    status: int
    address: str
    resident_kind: int = 1
    household_order: int | None = None
    postal_code: str = ""
    dates: dict[str, date | None] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    flags: dict[str, bool] = field(default_factory=dict)
    # Fingerprint of the row's cells: a re-import skips persons whose fingerprint is unchanged.
    digest: str = ""

    def keys(self) -> dict[str, str]:
        """Return the search keys stored beside the name, reading and 通称."""
        alias, alias_kana = self.texts.get("通称", ""), self.texts.get("通称フリガナ", "")
        return {
            "name_key": name_key(self.name),
            "given_name_key": name_key(_given(self.name)),
            "kana_key": kana_key(self.kana),
            "given_kana_key": kana_key(_given(self.kana)),
            "alias_key": name_key(alias),
            "alias_kana_key": kana_key(alias_kana),
        }


def _given(full: str) -> str:
    parts = full.strip().split(maxsplit=1)
    return parts[1] if len(parts) == 2 else ""


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
    columns = tuple(column for column in _DIGEST_COLUMNS if column in positions)
    indices = tuple(positions[column] for column in columns)
    return Header(positions, len(names), tuple(errors), _warnings(names, unknown), columns, indices)


def _warnings(names: list[str], unknown: list[str]) -> tuple[str, ...]:
    warnings = []
    if MY_NUMBER_COLUMN in names:
        warnings.append("「個人番号」列は読み込まずに無視しました（個人番号は保存しません）")
    if unknown:
        warnings.append(f"不明な列を無視しました: {'、'.join(unknown)}")
    return tuple(warnings)


def fingerprint(header: Header, cells: list[str]) -> tuple[str, str] | None:
    """Return the 宛名番号 and the fingerprint of a line without reading it, or None if it is malformed."""
    if len(cells) != header.width:
        return None
    return cells[header.positions["宛名番号"]].strip(), _digest([cells[i].strip() for i in header.indices])


def _digest(picked: list[str]) -> str:
    # Known columns in a fixed order: reordering columns or adding unknown ones changes nothing.
    return hashlib.blake2b("\x1f".join(picked).encode(), digest_size=16).hexdigest()


def parse_row(header: Header, cells: list[str], line: int) -> ResidentRow | list[CellError]:
    """Return the person on one data line, or every problem found on it."""
    if len(cells) != header.width:
        message = f"列の数が{len(cells)}個です（見出し行は{header.width}個）"
        return [CellError(line, "", "", message)]
    reader = _RowReader(header, cells, line)
    row = reader.read()
    return reader.errors or row  # type: ignore[return-value]


class _RowReader:
    """Read the cells of one line, collecting every error instead of stopping at the first."""

    def __init__(self, header: Header, cells: list[str], line: int) -> None:
        picked = [cells[index].strip() for index in header.indices]
        self.values = dict(zip(header.columns, picked, strict=True))
        self.picked = picked
        self.line = line
        self.errors: list[CellError] = []

    def cell(self, column: str) -> str:
        return self.values.get(column, "")

    def fail(self, column: str, message: str) -> None:
        self.errors.append(CellError(self.line, column, self.cell(column), message))

    def read(self) -> ResidentRow | None:
        kind = self.code("住民種別", KIND_CODES, "1（日本人）か2（外国人）")
        row = ResidentRow(
            atena_no=self.number("宛名番号"),
            household_no=self.number("世帯番号"),
            name=self.required("氏名"),
            kana=self.kana(kind),
            birth_date=self.date("生年月日", required=True) or date.min,
            sex=self.code("性別", SEX_CODES, "1（男）・2（女）・9"),
            relation=self.relation(),
            status=self.code("住民状態", STATUS_CODES, "1（住民）・2（転出）・3（死亡）・9（消除）"),
            address=self.required("住所"),
            resident_kind=kind,
            household_order=self.order(),
            postal_code=self.postal_code(),
            dates={column: self.date(column) for column in DATE_COLUMNS},
            texts={column: self.cell(column) for column in TEXT_COLUMNS},
            flags={column: self.code(column, FLAG_CODES, "0か1") for column in FLAG_COLUMNS},
            digest=_digest(self.picked),
        )
        return None if self.errors else row

    def required(self, column: str) -> str:
        value = self.cell(column)
        if not value:
            self.fail(column, "必須の項目が空です")
        return value

    def number(self, column: str) -> str:
        value = self.required(column)
        # Kept as text: leading zeros are part of the number (reference §7).
        if value and not (value.isascii() and value.isdigit() and len(value) <= 20):
            self.fail(column, "半角数字（20桁まで）で書いてください")
        return value

    def kana(self, kind: int) -> str:
        value = self.cell(KANA_COLUMN)
        if not value and kind == 1:
            self.fail(KANA_COLUMN, "日本人住民はフリガナが必須です")
        return value

    def date(self, column: str, *, required: bool = False) -> date | None:
        value = self.cell(column)
        if not value or value.strip("0") == "":
            if required:
                self.fail(column, "必須の項目が空です")
            return None
        try:
            return parse_date(value)
        except JapaneseInputError as error:
            self.fail(column, str(error))
            return None

    def code(self, column: str, codes: dict[str, T], allowed: str) -> T:
        value = self.cell(column)
        if value in codes:
            return codes[value]
        self.fail(column, "必須の項目が空です" if not value else f"不明なコードです（{allowed}）")
        return next(iter(codes.values()))

    def relation(self) -> str:
        value = self.required("続柄")
        word = RELATION_CODES.get(value, value)
        if value and not _is_relation(word):
            self.fail("続柄", "不明な続柄です（コード02・11・20…、または「世帯主」「子の妻」などの語）")
        return word

    def order(self) -> int | None:
        value = self.cell("記載順位")
        if not value:
            return None
        if value.isascii() and value.isdigit() and 0 < int(value) < 1000:
            return int(value)
        self.fail("記載順位", "1以上の整数で書いてください")
        return None

    def postal_code(self) -> str:
        value = self.cell("郵便番号")
        if not value:
            return ""
        try:
            return normalize_postal_code(value)
        except JapaneseInputError as error:
            self.fail("郵便番号", str(error))
            return ""


def _is_relation(word: str) -> bool:
    if word in _RELATION_WHOLE:
        return True
    parts = word.split("の")
    return 0 < len(parts) <= _MAX_GENERATIONS and all(part in _RELATION_PARTS for part in parts)
