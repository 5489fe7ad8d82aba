"""The departments' numbers CSV (業務システムの番号): its columns, kinds and line checks.

One line per person and kind: 宛名番号, 番号の種類, 番号. The counter prints these numbers on the
department's own forms (the 記号番号 of a 葬祭費 claim, the 被保険者番号 of a 介護保険 資格喪失届 …),
which no resident register holds, and reads from them what a person holds (HELD_FLAGS, HELD_LISTS).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from madoguchi.registry.csvformat import CellError

ATENA = "宛名番号"
KIND = "番号の種類"
NUMBER = "番号"
COLUMNS = (ATENA, KIND, NUMBER)

# 番号の種類 as the file names it → the name forms read (person.nhi_number, deceased.kaigo_number …).
KINDS = {
    "国保記号番号": "nhi_number",
    "後期高齢者医療被保険者番号": "late_elderly_number",
    "介護保険被保険者番号": "kaigo_number",
    "印鑑登録番号": "inkan_number",
    "納税義務者番号": "taxpayer_number",
    "児童手当受給者番号": "child_allowance_number",
    "児童扶養手当受給者番号": "child_rearing_allowance_number",
    "身体障害者手帳番号": "handbook_physical",
    "療育手帳番号": "handbook_intellectual",
    "精神障害者保健福祉手帳番号": "handbook_mental",
    "自立支援医療受給者番号": "jiritsu_shien_number",
    "障害福祉サービス受給者証番号": "disability_service_number",
    "重度心身障害者医療受給者番号": "welfare_medical_severe",
    "ひとり親家庭等医療受給者番号": "welfare_medical_single_parent",
    "子ども医療受給者番号": "welfare_medical_child",
    "特別障害者手当受給者番号": "allowance_special_disability",
    "障害児福祉手当受給者番号": "allowance_disabled_child",
    "特別児童扶養手当受給者番号": "allowance_special_child",
    "市町村独自手当受給者番号": "allowance_municipal",
    "原動機付自転車標識番号": "moped_plate_number",
}
KIND_LABELS = {key: label for label, key in KINDS.items()}
# The 障害者手帳 kinds: (the 手帳の種類 a 返還届 circles, the word of the pack's deceased.handbooks list).
HANDBOOKS = {
    "handbook_physical": ("身体障害者手帳", "身体"),
    "handbook_intellectual": ("療育手帳", "療育"),
    "handbook_mental": ("精神障害者保健福祉手帳", "精神"),
}
CHILD_ALLOWANCE = "child_allowance_number"
CHILD_REARING_ALLOWANCE = "child_rearing_allowance_number"
# What a person holds, as the numbers tell: a yes/no from one kind, or a list (the pack's words) from
# several kinds, known only when every one of them is imported (a kind not imported could be held).
HELD_FLAGS = {
    "child_allowance": CHILD_ALLOWANCE,
    "child_rearing_allowance": CHILD_REARING_ALLOWANCE,
    "jiritsu_shien": "jiritsu_shien_number",
    "disability_service": "disability_service_number",
    "moped": "moped_plate_number",
}
HELD_LISTS = {
    "handbooks": {kind: word for kind, (_, word) in HANDBOOKS.items()},
    "welfare_medical": {
        "welfare_medical_severe": "重度心身障害者医療",
        "welfare_medical_single_parent": "ひとり親家庭等医療",
        "welfare_medical_child": "子ども医療",
    },
    "disability_allowances": {
        "allowance_special_disability": "特別障害者手当",
        "allowance_disabled_child": "障害児福祉手当",
        "allowance_special_child": "特別児童扶養手当",
        "allowance_municipal": "市町村独自手当",
    },
}
MAX_NUMBER = 40
UNKNOWN_KIND = "使えない番号の種類です（使える種類は報告の最後にあります）"


@dataclass(frozen=True, slots=True)
class NumberRow:
    """One checked line: whose number, of which kind, and the number."""

    line: int
    atena_no: str
    kind: str
    number: str


def header_errors(cells: list[str]) -> tuple[dict[str, int], list[CellError], list[str]]:
    """Return where each column is, the header's errors and its warnings (unknown columns)."""
    names = [unicodedata.normalize("NFKC", cell).strip() for cell in cells]
    if names and names[0].startswith("\ufeff"):
        names[0] = names[0][1:]
    positions = {name: index for index, name in enumerate(names) if name in COLUMNS}
    needed = "・".join(COLUMNS)
    errors = [
        CellError(1, column, "", f"必須の列「{column}」がありません（必要な列: {needed}）")
        for column in COLUMNS
        if column not in positions
    ]
    unknown = [name for name in names if name and name not in COLUMNS]
    warnings = [f"不明な列を読み飛ばしました: {'、'.join(unknown)}"] if unknown else []
    return positions, errors, warnings


def read_line(positions: dict[str, int], cells: list[str], line: int) -> NumberRow | list[CellError]:
    """Return the checked line, or every problem found in it (in Japanese, with the column)."""

    def cell(column: str) -> str:
        index = positions.get(column)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    errors: list[CellError] = []
    atena = unicodedata.normalize("NFKC", cell(ATENA))
    if not atena:
        errors.append(CellError(line, ATENA, "", "宛名番号がありません"))
    elif not (atena.isascii() and atena.isdigit()) or len(atena) > 20:
        errors.append(CellError(line, ATENA, cell(ATENA), "宛名番号は20桁以内の数字で書いてください"))
    label = unicodedata.normalize("NFKC", cell(KIND)).replace(" ", "")
    kind = KINDS.get(label)
    if kind is None:
        errors.append(CellError(line, KIND, cell(KIND), UNKNOWN_KIND))
    number = unicodedata.normalize("NFKC", cell(NUMBER)).strip()
    if not number:
        errors.append(CellError(line, NUMBER, "", "番号がありません"))
    elif len(number) > MAX_NUMBER or not number.isprintable():
        message = f"番号は{MAX_NUMBER}文字以内で、改行や制御文字を含めずに書いてください"
        errors.append(CellError(line, NUMBER, cell(NUMBER)[:60], message))
    if errors:
        return errors
    assert kind is not None
    return NumberRow(line, atena, kind, number)
