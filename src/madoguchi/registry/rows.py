"""Checked batches turned into the rows the register table is written with, with no database.

The reader builds these rows (in the helper process for a large file), so the process that writes
only passes them on: building a 39-value row per person cost that process as much as the rows
took to read. Values are of the exact types the database drivers bind without an adapter:
text, int, dates as ISO text and flags as 0/1. The only difference between the databases is an
absent optional value: PostgreSQL gets NULL (None), SQLite gets '' or 0, which its statement
turns into NULL (binding None costs SQLite's driver an adapter lookup per value).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from madoguchi.registry.csvformat import KEY_COLUMNS, MEMO_LIMIT, Batch, CellError

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
FORMATS = (SQLITE, POSTGRESQL)

# Register column ← column of the format (or search key) in the batch, in the order of a row
# (after the 宛名番号 and the 世帯番号 that begin every row).
FROM_FORMAT = {
    "household_order": "記載順位",
    "relation": "続柄",
    "name": "氏名",
    "kana": "氏名フリガナ",
    "birth_date": "生年月日",
    "sex": "性別",
    "status": "住民状態",
    "resident_kind": "住民種別",
    "postal_code": "郵便番号",
    "address": "住所",
    "address_detail": "方書",
    "became_resident_on": "住民となった日",
    "changed_on": "異動日",
    "change_reason": "異動事由",
    "removed_on": "消除日",
    "former_surname": "旧氏",
    "alias_name": "通称",
    "alias_kana": "通称フリガナ",
    "nationality": "国籍",
    "residence_status": "在留資格",
    "residence_expiry": "在留期間満了日",
    "honseki": "本籍",
    "hittosha": "筆頭者",
    "national_health_insurance": "国保",
    "late_elderly_insurance": "後期高齢",
    "care_insurance": "介護保険",
    "pension_kind": "国民年金種別",
    "seal_registered": "印鑑登録",
    "my_number_card": "マイナンバーカード",
    "restricted": "支援措置",
    "phone": "電話番号",
    **{key: key for key in KEY_COLUMNS},
}
COLUMNS = tuple(FROM_FORMAT)
DATE_COLUMNS = frozenset({"birth_date", "became_resident_on", "changed_on", "removed_on", "residence_expiry"})
FLAGS = frozenset(
    {"national_health_insurance", "late_elderly_insurance", "care_insurance", "seal_registered"}
    | {"my_number_card", "restricted"}
)
# Optional values stored as NULL when absent; empty keys of the optional 通称 also stay outside
# their partial indexes.
NULLABLE = frozenset(
    {"household_order", "became_resident_on", "changed_on", "removed_on", "residence_expiry"}
    | {"alias_key", "alias_kana_key"}
)


@dataclass
class RowBatch:
    """The lines of one batch as register rows: 宛名番号, 世帯番号, then the values of ``COLUMNS``.

    Lines with errors have no row; ``errors`` describes them and ``rejected`` counts them.
    """

    lines: list[int]
    rows: list[tuple[Any, ...]]
    errors: list[CellError]
    rejected: int = 0

    def __len__(self) -> int:
        return len(self.lines)

    @property
    def atena_numbers(self) -> list[str]:
        """Return the 宛名番号 of the rows, in order."""
        return [row[0] for row in self.rows]

    @property
    def household_numbers(self) -> list[str]:
        """Return the distinct 世帯番号 of the rows, sorted."""
        return sorted({row[1] for row in self.rows})


class RowBuilder:
    """Turn checked batches into register rows for one database (``SQLITE`` or ``POSTGRESQL``)."""

    def __init__(self, database: str) -> None:
        if database not in FORMATS:
            raise ValueError(f"unknown row format: {database}")
        self.null_as_none = database == POSTGRESQL
        self.dates = _IsoDates()

    def rows(self, batch: Batch) -> RowBatch:
        """Return the batch as register rows."""
        values = batch.values
        columns = [self._column(name, values[source]) for name, source in FROM_FORMAT.items()]
        rows = list(zip(values["宛名番号"], values["世帯番号"], *columns, strict=True))
        if len(self.dates) > MEMO_LIMIT:
            self.dates = _IsoDates()
        return RowBatch(batch.lines, rows, batch.errors, batch.rejected)

    def _column(self, name: str, column: list[Any]) -> list[Any]:
        if name in DATE_COLUMNS:
            column = list(map(self.dates.__getitem__, column))
        elif name in FLAGS:
            return list(map(int, column))
        elif name == "household_order" and not self.null_as_none:
            return [order or 0 for order in column]
        if self.null_as_none and name in NULLABLE:
            return [value or None for value in column]
        return column


class _IsoDates(dict[date | None, str]):
    """Dates as ISO text, converted once per distinct date; no date is ''."""

    def __init__(self) -> None:
        super().__init__({None: ""})

    def __missing__(self, key: date | None) -> str:
        assert key is not None
        value = self[key] = key.isoformat()
        return value
