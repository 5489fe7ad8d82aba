"""Golden review: each example visit's bundle, read back from the PDF, marks the right options.

For every form of every example, the options a person sees circled or ticked on the printed page
(found by comparing the rendered page with the blank form) must be exactly the expected ones, and
the key fields must carry the expected values (text read back per field box). A wrong circle fails.
"""

from __future__ import annotations

import pytest

from madoguchi.domain.documents import render_visit_bundle
from madoguchi.domain.navigator import navigate
from madoguchi.domain.packs import Facts, load_pack

from .conftest import PACK, TODAY, example
from .readers import PageReader

# (form id, printing procedure) → marked options per field, checked boxes, and values read back.
# Circles: field id → the one option circled (None: nothing circled). Checks: the ticked field ids;
# every other check box of the form must stay empty. Texts: field id → text (dates: 年.月.日 parts).
GOLDEN = {
    "birth-sato": {
        ("F_H01", "birth_nhi_enroll"): {
            "circles": {"change_kind": "取得", "insured_sex": "女", "changed_on": "令和"},
            "checks": {"acquire_reason_2"},  # 出生
            "texts": {
                "insured_name": "佐藤結衣",
                "insured_kana": "サトウユイ",
                "changed_on": "8.11.25",
                "insured_birth_date": "8.11.25",
                "insured_relationship": "子",
                "householder_name": "佐藤健太",
                "applicant_relationship": "父",
            },
        },
    },
    "move_in-kobayashi": {
        ("F_M01", "move_in_notification"): {
            "circles": {"move_kind": "転入", "mover_sex": "男"},
            "checks": set(),
            "texts": {
                "moved_on": "8.11.20",
                "household_address": "さんぷる市西町二丁目8番1号",
                "previous_address": "松江市殿町1番地",
                "mover_name": "小林正男",
                "mover_new_relationship": "世帯主",
            },
        },
        ("F_H01", "move_in_nhi_enroll"): {
            "circles": {"change_kind": "取得", "insured_sex": "男"},
            "checks": {"acquire_reason_1"},  # 転入
            "texts": {"changed_on": "8.11.20", "insured_name": "小林正男"},
        },
        ("F_L01", "move_in_ltc"): {
            "circles": {"change_kind": "取得", "reason": "転入"},
            "checks": set(),
            "texts": {"changed_on": "8.11.20", "insured_number": "3200456789", "insured_name": "小林正男"},
        },
    },
    "move_out-ito": {
        ("F_M01", "move_out_notification"): {
            "circles": {"move_kind": "転出"},
            "checks": set(),
            "texts": {
                "moved_on": "8.12.5",
                "household_address": "広島市中区基町10番52号",  # where the household goes (asked)
                "previous_address": "さんぷる市南町一丁目1番1号",  # the register's
            },
        },
        ("F_H01", "move_out_nhi_loss"): {
            "circles": {"change_kind": "喪失"},
            "checks": {"loss_reason_2", "returned_1"},  # 転出, 資格確認書
            "texts": {"changed_on": "8.12.5", "insured_name": "伊藤大輔", "insurance_number": "さ-0054321"},
        },
        ("F_C02", "move_out_child_allowance"): {
            "circles": {"reason": "転出"},
            "checks": set(),
            "texts": {"occurred_on": "8.12.5", "recipient_number": "J-000555"},
        },
    },
    "marriage-nakamura": {
        # Whether the move is 転入 or 転居 the pack cannot know: nothing is circled, staff circle it.
        ("F_M01", "marriage_move"): {
            "circles": {"move_kind": None},
            "checks": set(),
            "texts": {
                "moved_on": "8.11.22",
                "mover_name": "中村美穂",
                "household_address": "さんぷる市北町五丁目6番7号",
                "previous_address": "さんぷる市中央町二丁目3番4号",
            },
        },
        ("F_M01", "marriage_household_merge"): {
            "circles": {"move_kind": "世帯合併"},
            "checks": set(),
            "texts": {"moved_on": "8.11.22", "mover_name": "中村美穂"},
        },
        ("F_H01", "marriage_nhi_name_change"): {
            "circles": {"change_kind": "変更"},
            "checks": {"change_reason_2"},  # 氏名変更
            "texts": {"changed_on": "8.11.22", "insured_name": "中村美穂"},
        },
    },
    "death-yoshida": {
        ("F_M01", "death_householder_change"): {
            "circles": {"move_kind": "世帯主変更"},
            "checks": set(),
            "texts": {
                "moved_on": "8.11.20",
                "old_householder": "𠮷田一郎",
                "mover_name": "𠮷田美咲",
                "mover_new_relationship": "世帯主",
            },
        },
        ("F_H01", "death_nhi_loss"): {
            "circles": {"change_kind": "喪失", "insured_sex": "男"},
            "checks": {"loss_reason_1", "returned_1"},  # 死亡, 資格確認書
            "texts": {"changed_on": "8.11.20", "insured_name": "𠮷田一郎"},
        },
        ("F_C02", "death_child_allowance_recipient"): {
            "circles": {"reason": "受給者の死亡"},
            "checks": set(),
            "texts": {"occurred_on": "8.11.20", "recipient_name": "𠮷田一郎"},
        },
    },
    "death-suzuki": {
        ("F_H03", "death_late_elderly_loss"): {
            "circles": {"reason": "死亡"},
            "checks": {"returned_1", "returned_3"},
            "texts": {"changed_on": "8.11.18"},
        },
        ("F_L01", "death_ltc_loss"): {
            "circles": {"change_kind": "喪失", "reason": "死亡"},
            "checks": set(),
            "texts": {"changed_on": "8.11.18"},
        },
    },
}


@pytest.fixture(scope="module")
def pack():
    return load_pack(PACK)


def _bundle(pack, name):
    event = name.split("-")[0]
    facts = Facts.checked(pack.facts, example(f"{name}.facts.json"))
    return render_visit_bundle(pack, navigate(pack, event, facts, TODAY), example(f"{name}.data.json"))


def _read_form(bundle, form):
    layout = form.filled.layout
    reader = PageReader(bundle.pdf, form.first_page, layout.base_pdf.read_bytes())
    circles, checks, texts = {}, set(), {}
    for field in layout.fields:
        if field.kind == "circle" or field.era:
            options = field.options or field.era
            drawn = [label for label, box in options if reader.marked(box)]
            assert len(drawn) <= 1, (layout.form_id, field.id, drawn)
            circles[field.id] = drawn[0] if drawn else None
        if field.kind == "check":
            if reader.marked(field.box, margin=-0.5):
                checks.add(field.id)
        elif field.kind == "date" and field.style == "parts":
            texts[field.id] = ".".join(reader.text(b) for b in (field.year, field.month, field.day))
        elif field.box is not None:
            texts[field.id] = reader.text(field.box)
    reader.close()
    return circles, checks, texts


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_every_form_marks_the_options_of_the_procedure_printing_it(pack, name):
    bundle = _bundle(pack, name)
    forms = {(f.filled.layout.form_id, f.procedures[0]): f for f in bundle.forms}
    for key, expected in GOLDEN[name].items():
        assert key in forms, (name, key, list(forms))
        circles, checks, texts = _read_form(bundle, forms[key])
        for field_id, option in expected["circles"].items():
            assert circles[field_id] == option, (name, key, field_id, circles[field_id])
        assert checks == expected["checks"], (name, key, checks)
        for field_id, text in expected["texts"].items():
            assert texts[field_id] == text, (name, key, field_id, texts[field_id])


def test_no_form_of_any_example_shows_a_death_label_or_value_outside_a_death(pack):
    for name in ("birth-sato", "move_in-kobayashi", "move_out-ito", "marriage-nakamura"):
        bundle = _bundle(pack, name)
        for form in bundle.forms:
            reader = PageReader(bundle.pdf, form.first_page, form.filled.layout.base_pdf.read_bytes())
            page = reader.text((0, 0, 210, 297))
            reader.close()
            assert "死亡年月日" not in page and "亡くなった方" not in page, (name, form.filled.layout.form_id)


def test_every_option_box_encloses_its_printed_label(layouts):
    # A circle goes round its box: the box must hold the option's own printed text, on every form.
    misplaced = []
    for layout in layouts.values():
        base = layout.base_pdf.read_bytes()
        reader = PageReader(base, 1, base)
        for field in layout.fields:
            for label, box in field.options + field.era:
                if reader.text_inside(box) != label:
                    misplaced.append((layout.form_id, field.id, label, reader.text_inside(box)))
        reader.close()
    assert not misplaced
