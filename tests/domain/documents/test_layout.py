"""Layout files: the sample forms load, and mistakes are reported in Japanese with their line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from madoguchi.domain.documents import LayoutError, load_layout
from madoguchi.domain.documents.loader import check_layouts

from .conftest import FORMS

# The form ids the sample pack's procedures refer to (reference catalog forms.md).
CONTRACT_FORMS = {
    "F_M01", "F_M03", "F_H01", "F_H02", "F_H03", "F_H04",
    "F_L01", "F_T01", "F_T02", "F_W01", "F_C02", "F_O01",
}  # fmt: skip


def test_every_contract_form_has_a_layout_and_a_base_pdf(layouts):
    assert set(layouts) >= CONTRACT_FORMS
    for form_id in CONTRACT_FORMS:
        assert layouts[form_id].base_pdf.is_file()
        assert layouts[form_id].name


def test_the_pack_has_a_layout_for_every_base_pdf():
    assert {p.stem for p in FORMS.glob("*.pdf")} == {p.stem for p in FORMS.glob("*.yaml")}
    assert len(list(FORMS.glob("*.yaml"))) >= 15


def test_sample_layouts_have_no_problems():
    assert check_layouts(FORMS) == []


def test_every_sample_form_leaves_a_signature_for_the_resident(layouts):
    for layout in layouts.values():
        assert any(f.for_resident for f in layout.fields), layout.form_id


def test_field_ids_are_unique_and_stable(layouts):
    ids = [f.id for f in layouts["F_H02"].fields]
    assert len(ids) == len(set(ids))
    assert {"deceased_name", "funeral_date", "bank_number", "applicant_signature"} <= set(ids)


GOOD_FIELD = """\
  - id: deceased_name
    label: 氏名
    kind: text
    source: register
    value: deceased.name
    box: [40, 50, 80, 10]
"""

BROKEN = [
    # (what is wrong, the field lines, expected line, words expected in the message)
    ("位置の数が3つ", GOOD_FIELD.replace("[40, 50, 80, 10]", "[40, 50, 80]"), 10, "[x, y, 幅, 高さ]"),
    ("用紙からはみ出す", GOOD_FIELD.replace("[40, 50, 80, 10]", "[180, 50, 80, 10]"), 10, "はみ出す"),
    ("知らない種類", GOOD_FIELD.replace("kind: text", "kind: stamp"), 7, "kind「stamp」"),
    ("値の式が壊れている", GOOD_FIELD.replace("deceased.name", "deceased.name +"), 9, "値の式"),
    ("式に知らない関数", GOOD_FIELD.replace("deceased.name", "reiwa(deceased.birth_date)"), 9, "値の式"),
    ("入手元の綴り違い", GOOD_FIELD.replace("register", "registry"), 8, "source「registry」"),
    ("キーの綴り違い", GOOD_FIELD + "    fontsize: 12\n", 11, "「fontsize」は使えません"),
    ("IDに日本語", GOOD_FIELD.replace("id: deceased_name", "id: 氏名"), 5, "id は英小文字"),
    ("最小サイズが大きい", GOOD_FIELD + "    size: 9\n    min_size: 12\n", 12, "min_size 12"),
    ("本人記入に値", GOOD_FIELD.replace("source: register", "source: resident"), 9, "value を書かないで"),
    ("ID重複", GOOD_FIELD + GOOD_FIELD, 11, "重複"),
]


@pytest.mark.parametrize(("case", "fields", "line", "words"), BROKEN, ids=[b[0] for b in BROKEN])
def test_layout_mistakes_are_reported_with_line_and_reason(tmp_path: Path, case, fields, line, words):
    path = write_layout(tmp_path, fields)
    with pytest.raises(LayoutError) as caught:
        load_layout(path)
    problems = caught.value.problems
    assert any(words in p.message and p.line == line for p in problems), problems


def test_missing_base_pdf_is_reported(tmp_path: Path):
    path = write_layout(tmp_path, GOOD_FIELD, base=False)
    with pytest.raises(LayoutError) as caught:
        load_layout(path)
    assert "F_X01.pdf" in str(caught.value)


def test_yaml_syntax_error_gives_its_line(tmp_path: Path):
    path = write_layout(tmp_path, GOOD_FIELD + "  - id: [unclosed\n")
    with pytest.raises(LayoutError) as caught:
        load_layout(path)
    assert caught.value.problems[0].line is not None
    assert "YAML" in caught.value.problems[0].message


def test_good_layout_loads_with_compiled_expression(tmp_path: Path):
    layout = load_layout(write_layout(tmp_path, GOOD_FIELD))
    field = layout.field("deceased_name")
    assert field.box == (40.0, 50.0, 80.0, 10.0)
    assert field.value is not None
    assert field.value.value({"deceased": {"name": "山田 太郎"}}) == "山田 太郎"


def write_layout(folder: Path, fields: str, *, base: bool = True) -> Path:
    if base:
        (folder / "F_X01.pdf").write_bytes((FORMS / "F_H02.pdf").read_bytes())
    head = textwrap.dedent("""\
        form: F_X01
        name: 試験様式
        department: shimin
        fields:
        """)
    path = folder / "F_X01.yaml"
    path.write_text(head + fields, encoding="utf-8")
    return path
