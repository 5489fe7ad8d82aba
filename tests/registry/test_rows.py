"""The register rows the reader builds: the same persons for both databases, only NULL written apart."""

from __future__ import annotations

import pytest

from madoguchi.registry.csvformat import COLUMNS_IN_ORDER, BatchReader, read_header
from madoguchi.registry.rows import COLUMNS, POSTGRESQL, SQLITE, RowBuilder

HEADER = read_header(list(COLUMNS_IN_ORDER))
FULL = {
    **dict.fromkeys(COLUMNS_IN_ORDER, ""),
    "宛名番号": "000101",
    "世帯番号": "900001",
    "氏名": "髙橋　一郎",
    "氏名フリガナ": "タカハシ　イチロウ",
    "生年月日": "S45.4.1",
    "性別": "1",
    "続柄": "02",
    "住民状態": "1",
    "住所": "緑市本町1-2-3",
    "記載順位": "1",
    "異動日": "R6.4.1",
    "国保": "1",
    "支援措置": "0",
}
BARE = {**FULL, "宛名番号": "000102", "記載順位": "", "異動日": "", "国保": "", "支援措置": ""}


def rows_for(database: str) -> list[dict[str, object]]:
    lines = [[person[column] for column in COLUMNS_IN_ORDER] for person in (FULL, BARE)]
    batch = RowBuilder(database).rows(BatchReader(HEADER).read([2, 3], lines))
    assert batch.lines == [2, 3] and not batch.errors
    assert batch.atena_numbers == ["000101", "000102"] and batch.household_numbers == ["900001"]
    return [dict(zip(("atena_no", "household_no", *COLUMNS), row, strict=True)) for row in batch.rows]


@pytest.mark.parametrize("database", [SQLITE, POSTGRESQL])
def test_values_are_of_the_types_the_drivers_bind_without_adapters(database):
    full, _ = rows_for(database)
    assert full["birth_date"] == "1970-04-01" and full["changed_on"] == "2024-04-01"
    assert full["national_health_insurance"] == 1 and full["restricted"] == 0
    assert full["household_order"] == 1 and full["status"] == 1 and full["relation"] == "世帯主"
    assert full["name"] == "髙橋　一郎" and full["name_key"] and full["kana_key"]
    for value in full.values():
        assert type(value) in (str, int) or value is None


def test_absent_optional_values_are_null_for_postgresql_and_empty_for_sqlite():
    (_, sqlite), (_, postgres) = rows_for(SQLITE), rows_for(POSTGRESQL)
    assert sqlite["household_order"] == 0 and sqlite["changed_on"] == "" and sqlite["alias_key"] == ""
    assert postgres["household_order"] is None and postgres["changed_on"] is None
    assert postgres["alias_key"] is None
    assert {column for column in COLUMNS if sqlite[column] != postgres[column]} == {
        "household_order",
        "became_resident_on",
        "changed_on",
        "removed_on",
        "residence_expiry",
        "alias_key",
        "alias_kana_key",
    }
    assert sqlite["national_health_insurance"] == postgres["national_health_insurance"] == 0


def test_an_unknown_database_is_refused():
    with pytest.raises(ValueError, match="unknown row format"):
        RowBuilder("oracle")
