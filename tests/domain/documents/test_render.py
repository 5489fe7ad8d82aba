"""Rendering forms from case data, checked as a reader would check the printed page."""

from __future__ import annotations

import os

import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops

from madoguchi.domain.documents import render_form
from madoguchi.domain.documents.fill import OVERFLOW_TEXT

from .conftest import TODAY
from .readers import SUBSET_PREFIX, expected_texts, fonts_in, page_texts, strip

# Every sample form of the pack: the twelve of the contract and three more for the death event.
ALL_FORMS = [
    "F_C02",
    "F_D02",
    "F_H01",
    "F_H02",
    "F_H03",
    "F_H04",
    "F_H05",
    "F_L01",
    "F_L02",
    "F_M01",
    "F_M03",
    "F_O01",
    "F_T01",
    "F_T02",
    "F_W01",
]
REFERENCE = os.path.join(os.path.dirname(__file__), "reference")
TOLERANCE = 0.01  # mm: reportlab rounds coordinates to 0.01 pt


@pytest.mark.parametrize("form_id", ALL_FORMS)
@pytest.mark.parametrize("case", ["yoshida", "suzuki"])
def test_every_value_is_in_the_text_of_its_page(layouts, request, form_id, case):
    data = request.getfixturevalue(case)
    rendered = render_form(layouts[form_id], data, today=TODAY)
    texts = page_texts(rendered.pdf)
    for filled in rendered.form.fields:
        for text in expected_texts(filled):
            assert text in texts[filled.field.page - 1], (filled.field.id, text)


@pytest.mark.parametrize("form_id", ALL_FORMS)
def test_every_font_is_embedded_as_a_subset(layouts, yoshida, form_id):
    rendered = render_form(layouts[form_id], yoshida, today=TODAY)
    fonts = fonts_in(rendered.pdf)
    assert fonts
    for name, embedded in fonts:
        assert embedded, name
        assert SUBSET_PREFIX.match(name), name


@pytest.mark.parametrize("form_id", ALL_FORMS)
@pytest.mark.parametrize("case", ["yoshida", "suzuki"])
def test_each_drawn_value_lies_inside_its_box(layouts, request, form_id, case):
    layout = layouts[form_id]
    rendered = render_form(layout, request.getfixturevalue(case), today=TODAY)
    form_marks = [m for m in rendered.marks if m.page <= 1 and m.kind != "sheet"]
    assert form_marks
    for mark in form_marks:
        boxes = layout.field(mark.field_id).boxes()
        assert any(inside(mark.box, box) for box in boxes), (mark, boxes)


def inside(extent, box) -> bool:
    x, y, w, h = extent
    bx, by, bw, bh = box
    t = TOLERANCE
    return bx - t <= x and by - t <= y and x + w <= bx + bw + t and y + h <= by + bh + t


def test_register_character_is_drawn_with_the_fallback_font(layouts, yoshida):
    rendered = render_form(layouts["F_H02"], yoshida, today=TODAY)
    name_marks = [m for m in rendered.marks if m.field_id == "deceased_name"]
    assert [m.text for m in name_marks] == ["𠮷田 一郎"]
    assert any(font.startswith("ipamjm") for font in name_marks[0].fonts)
    assert any(font.startswith("ipaexg") for font in name_marks[0].fonts)
    assert "𠮷田一郎" in page_texts(rendered.pdf)[0]
    assert any("IPAmj" in name for name, _ in fonts_in(rendered.pdf))
    assert rendered.form.missing == ()


def test_over_long_address_goes_complete_to_an_attachment_page(layouts, yoshida):
    long_address = "さんぷる市中央町一丁目2番3号" + "　さんぷる中央町ハイツ東棟" * 8 + "1201号室"
    data = {**yoshida, "deceased": {**yoshida["deceased"], "address": long_address}}
    rendered = render_form(layouts["F_H02"], data, today=TODAY)
    texts = page_texts(rendered.pdf)
    assert rendered.pages == 2
    assert OVERFLOW_TEXT in texts[0]
    assert strip(long_address) not in texts[0]
    assert "別紙（国民健康保険葬祭費支給申請書）" in texts[1]
    assert strip(long_address) in texts[1]
    assert any("別紙" in w and "住" in w for w in rendered.warnings)


def test_boxes_that_cannot_hold_the_value_also_overflow(layouts, yoshida):
    data = {
        **yoshida,
        "answers": {**yoshida["answers"], "bank": {**yoshida["answers"]["bank"], "number": "123456789"}},
    }
    rendered = render_form(layouts["F_H02"], data, today=TODAY)
    assert [f.field.id for f in rendered.form.attachments] == ["bank_number"]
    assert "123456789" in page_texts(rendered.pdf)[1]


CIRCLES = [
    # (form, field, data change, option that must be circled)
    ("F_H02", "deceased_sex", {}, "男"),
    ("F_H02", "third_party", {}, "無"),
    ("F_H02", "third_party", {"answers.third_party": True}, "有"),
    ("F_H02", "bank_type", {"answers.bank.type": "当座"}, "当座"),
    ("F_H02", "deceased_birth_date", {}, "昭和"),
    ("F_H02", "deceased_birth_date", {"deceased.birth_date": "1926-12-24"}, "大正"),
    ("F_H02", "death_date", {}, "令和"),
    ("F_M01", "move_kind", {"settings.kind": "世帯主変更"}, "世帯主変更"),
    ("F_M01", "move_kind", {"settings.kind": "転入"}, "転入"),
    ("F_W01", "handbook_kind", {}, "身体障害者手帳"),
    ("F_T02", "registration_plan", {}, "有"),
]


@pytest.mark.parametrize(("form_id", "field_id", "change", "option"), CIRCLES)
def test_circle_goes_round_the_right_option(layouts, yoshida, form_id, field_id, change, option):
    layout = layouts[form_id]
    rendered = render_form(layout, changed(yoshida, change), today=TODAY)
    circles = [m for m in rendered.marks if m.field_id == field_id and m.kind == "circle"]
    field = layout.field(field_id)
    options = dict(field.options or field.era)
    assert [m.text for m in circles] == [option]
    assert circles[0].box == options[option]


CHECKS = [
    # (form, data change, checked boxes, unchecked boxes)
    ("F_O01", {}, {"insurance_1", "holdings_1", "holdings_2", "holdings_3", "property_1", "property_2"},
     {"insurance_2", "insurance_3", "property_3"}),
    ("F_O01", {"deceased.insurance": "後期高齢", "answers.has_dog": True}, {"insurance_2", "property_3"},
     {"insurance_1", "insurance_3"}),
    ("F_H03", {"answers.returned_items": ["保険証", "特定疾病受療証"]}, {"returned_2", "returned_4"},
     {"returned_1", "returned_3"}),
]  # fmt: skip


@pytest.mark.parametrize(("form_id", "change", "checked", "unchecked"), CHECKS)
def test_checks_land_on_the_right_boxes(layouts, yoshida, form_id, change, checked, unchecked):
    layout = layouts[form_id]
    rendered = render_form(layout, changed(yoshida, change), today=TODAY)
    marks = {m.field_id: m for m in rendered.marks if m.kind == "check"}
    assert checked <= set(marks)
    assert not unchecked & set(marks)
    for field_id in checked:
        assert marks[field_id].box == layout.field(field_id).box


def test_unknown_values_leave_the_field_empty_not_wrong(layouts):
    rendered = render_form(layouts["F_H02"], {"deceased": {"name": "山田 太郎"}}, today=TODAY)
    statuses = {f.field.id: f.status for f in rendered.form.fields}
    assert statuses["deceased_name"] == "filled"
    assert statuses["funeral_date"] == "empty"
    assert statuses["third_party"] == "empty"
    assert statuses["applicant_signature"] == "resident"
    assert rendered.warnings == ()


def test_bad_date_in_data_is_a_warning_not_a_crash(layouts, yoshida):
    data = changed(yoshida, {"answers.funeral_date": "令和8年2月30日"})
    rendered = render_form(layouts["F_H02"], data, today=TODAY)
    assert any("葬祭を行った日" in w and "2月30日" in w for w in rendered.warnings)


def test_character_no_font_has_is_reported_and_never_printed(layouts, yoshida):
    private = "\U000f0123"  # a private-use character no installed font draws
    data = changed(yoshida, {"applicant.name": f"𠮷田 美{private}"})
    rendered = render_form(layouts["F_H02"], data, today=TODAY)
    assert rendered.form.missing == (private,)
    assert any("U+F0123" in w for w in rendered.warnings)
    assert private not in "".join(page_texts(rendered.pdf))


def test_vertical_writing_stacks_characters_in_one_column(layouts, yoshida):
    rendered = render_form(layouts["F_O01"], yoshida, today=TODAY)
    [column] = [m for m in rendered.marks if m.field_id == "chief_mourner_vertical"]
    _x, _y, w, h = column.box
    assert h > 3 * w  # taller than wide: written top to bottom


@pytest.mark.parametrize("form_id", ["F_H02", "F_O01"])
def test_rasterised_page_matches_the_reference_image(layouts, yoshida, form_id):
    rendered = render_form(layouts[form_id], yoshida, today=TODAY)
    image = raster(rendered.pdf)
    path = os.path.join(REFERENCE, f"{form_id}.png")
    if os.environ.get("MADOGUCHI_UPDATE_REFERENCE") == "1":
        image.save(path, optimize=True)
    reference = Image.open(path).convert("L")
    assert reference.size == image.size
    diff = ImageChops.difference(reference, image)
    changed_pixels = sum(diff.point(lambda v: 255 if v > 64 else 0).histogram()[255:])
    assert changed_pixels / (image.size[0] * image.size[1]) < 0.002


def raster(pdf: bytes) -> Image.Image:
    document = pdfium.PdfDocument(pdf)
    image = document[0].render(scale=50 / 72, grayscale=True).to_pil().convert("L")
    document.close()
    return image


def changed(data: dict, change: dict) -> dict:
    """Return a deep copy of the data with dotted keys replaced."""
    import copy

    result = copy.deepcopy(data)
    for dotted, value in change.items():
        *path, last = dotted.split(".")
        target = result
        for key in path:
            target = target.setdefault(key, {})
        target[last] = value
    return result


@pytest.mark.parametrize("field_id", ["insurance_number", "bank_name", "bank_branch", "applicant_phone"])
def test_pdfium_finds_each_character_inside_the_field_box(layouts, yoshida, field_id):
    layout = layouts["F_H02"]
    rendered = render_form(layout, yoshida, today=TODAY)
    [mark] = [m for m in rendered.marks if m.field_id == field_id]
    document = pdfium.PdfDocument(rendered.pdf)
    page = document[0]
    height = page.get_height()
    textpage = page.get_textpage()
    searcher = textpage.search(mark.text, match_case=True)
    found = searcher.get_next()
    assert found is not None, mark.text
    start, count = found
    x, y, w, h = layout.field(field_id).box
    for index in range(start, start + count):
        left, bottom, right, top = textpage.get_charbox(index)
        if right - left < 0.01:
            continue  # spaces have no ink
        box_mm = (
            left / 72 * 25.4,
            (height - top) / 72 * 25.4,
            right / 72 * 25.4,
            (height - bottom) / 72 * 25.4,
        )
        assert x - 0.05 <= box_mm[0] and box_mm[2] <= x + w + 0.05, (field_id, index, box_mm)
        assert y - 0.05 <= box_mm[1] and box_mm[3] <= y + h + 0.05, (field_id, index, box_mm)
    document.close()


def test_threads_rendering_at_once_get_the_same_pages(layouts, yoshida, suzuki):
    from concurrent.futures import ThreadPoolExecutor

    jobs = [(form_id, data) for form_id in ("F_H02", "F_T02", "F_O01") for data in (yoshida, suzuki)] * 2
    with ThreadPoolExecutor(max_workers=4) as pool:
        pdfs = list(pool.map(lambda job: render_form(layouts[job[0]], job[1], today=TODAY).pdf, jobs))
    # Read back in this thread only: pdfium is not thread-safe, and reading it from the pool crashed CI.
    texts = [page_texts(pdf) for pdf in pdfs]
    for (form_id, data), text in zip(jobs, texts, strict=True):
        assert text == page_texts(render_form(layouts[form_id], data, today=TODAY).pdf)


register_text = st.text(
    alphabet=st.sampled_from(list("𠮷髙﨑山田太郎花子一丁目番地号ハイツ（）、。ー 　0123456789")),
    max_size=150,
)


@settings(max_examples=25, deadline=None)
@given(name=register_text, address=register_text)
def test_any_name_or_address_stays_in_its_box_or_goes_to_the_attachment(layouts, yoshida, name, address):
    data = changed(yoshida, {"deceased.name": name, "deceased.address": address})
    layout = layouts["F_H02"]
    rendered = render_form(layout, data, today=TODAY)
    for mark in (m for m in rendered.marks if m.page == 1):
        assert any(inside(mark.box, box) for box in layout.field(mark.field_id).boxes()), mark
    texts = page_texts(rendered.pdf)
    for filled in rendered.form.attachments:
        assert strip(filled.text) in "".join(texts[1:])
    assert rendered.form.missing == ()


def test_variation_sequence_is_printed_with_its_base_character(layouts, yoshida):
    data = changed(yoshida, {"deceased.name": "葛\U000e0100城 太郎"})
    rendered = render_form(layouts["F_H02"], data, today=TODAY)
    assert rendered.form.missing == ()
    [mark] = [m for m in rendered.marks if m.field_id == "deceased_name"]
    assert "葛城太郎" in page_texts(rendered.pdf)[0]
    assert inside(mark.box, layouts["F_H02"].field("deceased_name").box)


def test_option_boxes_the_data_leaves_blank_are_unmarked_not_empty(layouts):
    """A 死亡 loss ticks 死亡 only; the other reasons are decided blank, not left for the resident."""
    from madoguchi.domain.documents.report import form_counts

    data = {"person": {"name": "山田 太郎"}, "settings": {"change": "喪失", "reason": "死亡"}}
    rendered = render_form(layouts["F_H01"], data, today=TODAY)
    statuses = {f.field.id: f.status for f in rendered.form.fields}
    assert statuses["loss_reason_1"] == "filled"
    assert statuses["acquire_reason_1"] == statuses["loss_reason_2"] == "unmarked"
    counts = form_counts(rendered.form)
    assert "acquire_reason_1" in counts["unmarked"] and "acquire_reason_1" not in counts["empty"]
    marks = {m.field_id for m in rendered.marks if m.kind == "check"}
    assert marks == {"loss_reason_1"}
    unknown = render_form(layouts["F_H01"], {"person": {"name": "山田 太郎"}}, today=TODAY)
    assert {f.field.id: f.status for f in unknown.form.fields}["acquire_reason_1"] == "empty"
