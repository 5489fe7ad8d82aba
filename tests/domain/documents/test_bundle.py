"""The bundle for a visit: cover sheet, the forms of the required procedures, signature guide, report."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from madoguchi.domain.documents.bundle import render_bundle, render_visit_bundle
from madoguchi.domain.documents.cover import Visit, cover_lines
from madoguchi.domain.documents.draw import circled
from madoguchi.domain.navigator import navigate
from madoguchi.domain.packs import Facts, FormUse, Office, load_pack

from .conftest import PACK, TODAY, example
from .readers import expected_texts, fonts_in, page_texts, strip


@pytest.fixture(scope="module")
def pack():
    return load_pack(PACK)


@pytest.fixture(scope="module")
def navigation(pack):
    return navigate(pack, "death", Facts.checked(pack.facts, example("death-yoshida.facts.json")), TODAY)


@pytest.fixture(scope="module")
def bundle(pack, navigation, yoshida):
    return render_visit_bundle(pack, navigation, yoshida)


@pytest.fixture(scope="module")
def texts(bundle):
    return page_texts(bundle.pdf)


def required_forms_in_department_order(pack, navigation) -> list[str]:
    order = {d.id: d.order for d in pack.departments.values()}
    required = sorted(
        (p for p in navigation.procedures if p.status == "required"), key=lambda p: order[p.department]
    )
    return list(dict.fromkeys(f for p in required for f in p.form_ids))


def test_bundle_holds_exactly_the_forms_of_the_required_procedures(pack, navigation, bundle):
    expected = required_forms_in_department_order(pack, navigation)
    assert [f.filled.layout.form_id for f in bundle.forms] == expected
    assert len(expected) >= 9  # 世帯主変更, 印鑑, 国保×2, 介護, 税×2, 障害, 児童手当


def test_every_value_is_on_its_page_of_the_bundle(bundle, texts):
    for form in bundle.forms:
        for filled in form.filled.fields:
            for text in expected_texts(filled):
                page = form.first_page + filled.field.page - 1
                assert text in texts[page - 1], (form.filled.layout.form_id, filled.field.id)


def test_cover_sheet_tells_who_when_what_and_where(pack, navigation, bundle, texts, yoshida):
    cover = "".join(texts[: bundle.forms[0].first_page - 1])
    assert "R8-OK-0042" in cover
    assert "令和8年11月26日" in cover
    assert strip(yoshida["deceased"]["name"]) in cover
    assert strip(yoshida["applicant"]["name"]) in cover
    required = [p for p in navigation.procedures if p.status == "required"]
    for procedure in required:
        assert strip(procedure.name) in cover, procedure.id
    inside = [p for p in required if not p.outside_city_hall]
    positions = [cover.index(f"〔{p.department_name}〕{strip(p.place.floor)}") for p in inside]
    assert positions == sorted(positions)  # departments in pack order
    assert "お持ちいただくもの" in cover
    outside = [p for p in required if p.outside_city_hall]
    assert outside  # 税務署・法務局 and others for this visit
    after = cover[cover.index("このあと市役所の外で行う手続") :]
    for procedure in outside:
        assert strip(procedure.name) in after
        assert strip(f"行き先:{procedure.place.name}") in after


def test_cover_lists_each_thing_to_bring_once_and_never_a_printed_form(bundle, texts):
    cover = "".join(texts[: bundle.forms[0].first_page - 1])
    things = cover[cover.index("お持ちいただくもの") : cover.index("このあと市役所の外で行う手続")]
    assert things.count("本人確認書類") == 1
    for form in bundle.forms:
        assert strip(form.filled.layout.name) not in things, form.filled.layout.form_id
    assert "届出人の本人確認書類" not in things


def test_cover_sheet_gives_the_pages_of_each_form(bundle, texts):
    cover = "".join(texts[: bundle.forms[0].first_page - 1])
    for form in bundle.forms:
        assert f"{strip(form.filled.layout.name)}（{form.first_page}ページ）" in cover


def test_every_page_footer_has_case_number_and_page_number(bundle, texts):
    assert len(texts) == bundle.pages
    for number, text in enumerate(texts, start=1):
        assert f"受付番号R8-OK-0042{number}/{bundle.pages}ページ" in text


def test_signature_guide_lists_every_field_left_for_the_resident(bundle, texts):
    guide = texts[-1]
    assert "ご署名・ご記入のお願い" in guide
    resident_marks = [m for m in bundle.marks if m.kind == "resident"]
    assert len(resident_marks) == bundle.report["totals"]["left_for_resident"]
    for form in bundle.forms:
        for entry in bundle.report["forms"][bundle.forms.index(form)]["resident_fields"]:
            number = circled(entry["number"])
            assert f"{number}{strip(entry['label'])}（{entry['page']}ページ）" in guide
            assert number in texts[entry["page"] - 1]  # the marker on the form page itself


def test_report_counts_match_the_layouts(bundle, layouts):
    report = bundle.report
    for entry in report["forms"]:
        layout = layouts[entry["form_id"]]
        resident = [f for f in layout.fields if f.for_resident]
        assert entry["fields"] == len(layout.fields)
        assert entry["left_for_resident"] == len(resident)
        left = entry["left_for_resident"] + len(entry["empty"]) + len(entry["unmarked"])
        assert entry["prefilled"] + left == entry["fields"]
        assert sum(entry["prefilled_by_source"].values()) == entry["prefilled"]
    totals = report["totals"]
    assert totals["forms"] == len(report["forms"])
    assert totals["prefilled"] == sum(e["prefilled"] for e in report["forms"])
    assert totals["characters_prefilled"] > 500  # handwriting avoided for this visit
    assert report["pages"] == bundle.pages
    assert report["bytes"] == len(bundle.pdf)
    assert report["warnings"] == {
        "overflow": [],
        "missing_characters": [],
        "errors": [],
        "missing_layouts": [],
    }


def test_bundle_embeds_every_font_and_stays_small(bundle):
    assert all(embedded for _, embedded in fonts_in(bundle.pdf))
    assert len(bundle.pdf) < 300_000


def test_extra_form_of_the_visit_comes_right_after_the_cover(pack, navigation, yoshida):
    bundle = render_visit_bundle(pack, navigation, yoshida, extra_forms=["F_O01"])
    ids = [f.filled.layout.form_id for f in bundle.forms]
    assert ids[0] == "F_O01"
    assert len(ids) >= 10
    assert ids[1:] == required_forms_in_department_order(pack, navigation)


# -- without the navigator: a small list of procedures built by hand ---------------------------


@dataclass(frozen=True)
class Step:
    id: str
    name: str
    department: str
    department_name: str
    form_ids: tuple[str, ...] = ()
    status: str = "required"
    deadline: object = None
    outside_city_hall: bool = False
    office: str = ""
    documents: tuple[str, ...] = field(default=())
    event: str = "death"
    confirm_note: str = ""

    @property
    def forms(self) -> tuple[FormUse, ...]:
        return tuple(FormUse(f) for f in self.form_ids)

    @property
    def place(self) -> Office:
        return Office(id=self.department, name=self.department_name)


ORDER = {"shimin": 0, "hoken_nenkin": 1, "zeimu": 3}


def test_forms_follow_department_order_and_appear_once(layouts, yoshida):
    steps = [
        Step("tax", "相続人代表者指定届", "zeimu", "税務課", ("F_T01",)),
        Step("nhi_loss", "国保の資格喪失", "hoken_nenkin", "保険年金課", ("F_H01",)),
        Step("nhi_again", "国保の世帯主変更", "hoken_nenkin", "保険年金課", ("F_H01",)),
        Step("householder", "世帯主変更届", "shimin", "市民課", ("F_M01",)),
        Step("later", "確認中の手続", "shimin", "市民課", ("F_M03",), status="to_confirm"),
    ]
    bundle = render_bundle(steps, layouts, yoshida, today=TODAY, department_order=ORDER)
    assert [f.filled.layout.form_id for f in bundle.forms] == ["F_M01", "F_H01", "F_T01"]
    assert bundle.forms[1].procedures == ("nhi_loss", "nhi_again")
    assert [f.first_page for f in bundle.forms] == [2, 3, 4]


def test_form_without_layout_is_reported_not_fatal(layouts, yoshida):
    steps = [Step("x", "未整備の手続", "shimin", "市民課", ("F_ZZ9", "F_M03"))]
    bundle = render_bundle(steps, layouts, yoshida, today=TODAY, department_order=ORDER)
    assert [f.filled.layout.form_id for f in bundle.forms] == ["F_M03"]
    assert bundle.report["warnings"]["missing_layouts"] == ["F_ZZ9"]


def test_overflow_in_a_bundle_adds_an_attachment_and_shifts_later_pages(layouts, yoshida):
    long = dict(yoshida, deceased={**yoshida["deceased"], "address": "中央町" + "東西南北" * 40})
    steps = [
        Step("a", "印鑑登録の廃止", "shimin", "市民課", ("F_M03",)),
        Step("b", "相続人代表者指定届", "zeimu", "税務課", ("F_T01",)),
    ]
    bundle = render_bundle(steps, layouts, long, today=TODAY, department_order=ORDER)
    assert [(f.first_page, f.last_page) for f in bundle.forms] == [(2, 3), (4, 5)]
    texts = page_texts(bundle.pdf)
    assert re.search("別紙（印鑑登録廃止申請書）", texts[2])
    assert bundle.report["warnings"]["overflow"]


def test_the_cover_prints_each_procedure_left_to_confirm_with_whom_to_ask() -> None:
    left = Step(
        "p1",
        "児童手当の受給者の死亡",
        "kosodate",
        "子育て支援課",
        status="to_confirm",
        confirm_note="窓口でご確認ください（子育て支援課の窓口）",
    )
    visit = Visit("死亡", "サンプル市", "2026-00001", TODAY, {}, (left,), ())
    texts = [line.text for line in cover_lines(visit, [])]
    assert "・児童手当の受給者の死亡　窓口でご確認ください（子育て支援課の窓口）" in texts
