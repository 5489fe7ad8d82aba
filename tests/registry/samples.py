"""A small, fictitious register used by the registry tests, written as CSV in any encoding."""

from __future__ import annotations

import csv
import io

COLUMNS = [
    "宛名番号",
    "世帯番号",
    "氏名",
    "氏名フリガナ",
    "生年月日",
    "性別",
    "続柄",
    "住民状態",
    "住所",
    "記載順位",
    "住民種別",
    "通称",
    "通称フリガナ",
    "在留資格",
    "消除日",
    "支援措置",
    "国保",
]

# 宛名番号, 世帯番号, 氏名, フリガナ, 生年月日, 性別, 続柄, 住民状態, 住所, 記載順位
PEOPLE = [
    (
        "000101",
        "9001",
        "山田　太郎",
        "ヤマダ　タロウ",
        "3450401",
        "1",
        "02",
        "1",
        "島根県雲南市木次町里方1番地",
        "1",
    ),
    (
        "000102",
        "9001",
        "山田　花子",
        "ヤマダ　ハナコ",
        "S47.6.15",
        "2",
        "妻",
        "1",
        "島根県雲南市木次町里方1番地",
        "2",
    ),
    (
        "000103",
        "9001",
        "山田　一郎",
        "ﾔﾏﾀﾞ ｲﾁﾛｳ",
        "平成5年1月1日",
        "1",
        "子",
        "1",
        "島根県雲南市木次町里方1番地",
        "3",
    ),
    (
        "000201",
        "9002",
        "髙橋　一郎",
        "タカハシ　イチロウ",
        "19500505",
        "1",
        "世帯主",
        "3",
        "島根県雲南市木次町新市2番地",
        "1",
    ),
    (
        "000202",
        "9002",
        "髙橋　和子",
        "タカハシ　カズコ",
        "1952-03-03",
        "2",
        "妻",
        "1",
        "島根県雲南市木次町新市2番地",
        "2",
    ),
    (
        "000301",
        "9003",
        "齋藤　恭子",
        "サイトウ　キヨウコ",
        "4050101",
        "2",
        "世帯主",
        "1",
        "島根県雲南市三刀屋町3番地",
        "1",
    ),
    (
        "000401",
        "9004",
        "渡邊　健",
        "ワタナベ　ケン",
        "19801010",
        "1",
        "世帯主",
        "2",
        "島根県雲南市加茂町4番地",
        "1",
    ),
    (
        "000501",
        "9005",
        "宮﨑　真一",
        "ミヤザキ　シンイチ",
        "19650707",
        "1",
        "世帯主",
        "9",
        "島根県雲南市大東町5番地",
        "1",
    ),
    (
        "000601",
        "9006",
        "佐藤　秘子",
        "サトウ　ヒミコ",
        "19900202",
        "2",
        "世帯主",
        "1",
        "島根県雲南市掛合町6番地",
        "1",
    ),
]
FOREIGN = {
    "宛名番号": "000701",
    "世帯番号": "9007",
    "氏名": "NGUYEN VAN AN",
    "氏名フリガナ": "",
    "生年月日": "1995-08-20",
    "性別": "1",
    "続柄": "世帯主",
    "住民状態": "1",
    "住所": "島根県雲南市木次町7番地",
    "記載順位": "1",
    "住民種別": "2",
    "通称": "中村　安",
    "通称フリガナ": "ナカムラ　アン",
    "在留資格": "技能実習",
}
RESTRICTED_ATENA = "000601"


def base_rows() -> list[dict[str, str]]:
    """Return the sample people as CSV rows (dicts by column name)."""
    rows = [dict(zip(COLUMNS[:10], person, strict=True)) for person in PEOPLE]
    for row in rows:
        row["支援措置"] = "1" if row["宛名番号"] == RESTRICTED_ATENA else "0"
        row["消除日"] = "20250301" if row["住民状態"] != "1" else ""
    rows.append(dict(FOREIGN))
    return rows


def to_csv(
    rows: list[dict[str, str]], *, encoding: str = "utf-8-sig", columns: list[str] | None = None
) -> bytes:
    """Write rows as CSV bytes (CRLF line ends, like the core systems' exports)."""
    columns = columns or COLUMNS
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue().encode(encoding)
