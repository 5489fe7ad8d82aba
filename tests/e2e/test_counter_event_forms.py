"""Birth and move-in visits in Chromium: the printed forms mark the options of the event, not a death's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from madoguchi.counter.models import Case, PrintRecord
from madoguchi.counter.packs import current_layouts
from tests.counter.conftest import moving_household  # noqa: F401
from tests.counter.helpers import pdf_text
from tests.domain.documents.readers import PageReader
from tests.e2e.test_counter_visits import (
    answer_questions,
    confirm_on_resident_screen,
    open_visit,
    pick_from_register,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def set_event_date(page, label: str, value: str) -> None:
    """Type the case's date into the field the event names (出生日, 異動日)."""
    card = page.get_by_test_id("people-card")
    if card.get_attribute("open") is None:
        card.locator("summary").first.click()
    page.get_by_label(label, exact=True).fill(value)
    page.get_by_label(label, exact=True).locator("xpath=ancestor::form").get_by_role(
        "button", name="保存"
    ).click()
    page.wait_for_load_state()


def type_person(page, role: str, **values: str) -> None:
    """Type a person who is not in the register into the role's section."""
    details = page.locator(f"[data-subject={role}] details").last
    details.locator("summary").click()
    form = details.locator("form")
    for name, value in values.items():
        if name == "sex":
            form.locator("select[name=sex]").select_option(value)
        else:
            form.locator(f"input[name={name}]").fill(value)
    form.get_by_role("button", name="追加").click()
    page.wait_for_load_state()


def print_and_read(page, case: Case) -> tuple[bytes, dict[str, dict]]:
    """Print the bundle; return the PDF and the report entry of each form by form id."""
    with page.expect_download() as download_info:
        page.get_by_test_id("print").click()
    pdf = Path(download_info.value.path()).read_bytes()
    record = PrintRecord.objects.get(case=case)
    return pdf, {entry["form_id"]: entry for entry in record.report["forms"]}


def confirm_and_print(page, new_page, live_server, screenshot, seat: str, name: str):
    """Finish the interview, confirm on the resident screen, print; return the case, PDF and forms."""
    case = Case.objects.get(seat=seat)
    page.get_by_test_id("finish").click()
    code = page.get_by_test_id("confirm-code").inner_text().strip()
    confirm_on_resident_screen(new_page, live_server, code, screenshot, name)
    page.locator("[data-testid=case-stage]", has_text="確認済み").wait_for(timeout=15_000)
    pdf, forms = print_and_read(page, case)
    return case, pdf, forms


def marked_options(pdf: bytes, form_id: str, entry: dict, field_id: str) -> list[str]:
    """Return the options drawn round on the printed form, read back from the page's pixels."""
    layout = current_layouts()[form_id]
    reader = PageReader(pdf, entry["pages"][0], layout.base_pdf.read_bytes())
    field = layout.field(field_id)
    drawn = [label for label, box in (field.options or field.era) if reader.marked(box)]
    reader.close()
    return drawn


def checked(pdf: bytes, form_id: str, entry: dict) -> set[str]:
    """Return the ids of the check boxes ticked on the printed form."""
    layout = current_layouts()[form_id]
    reader = PageReader(pdf, entry["pages"][0], layout.base_pdf.read_bytes())
    found = {f.id for f in layout.fields if f.kind == "check" and reader.marked(f.box, margin=-0.5)}
    reader.close()
    return found


def field_text(pdf: bytes, form_id: str, entry: dict, field_id: str) -> str:
    layout = current_layouts()[form_id]
    reader = PageReader(pdf, entry["pages"][0], layout.base_pdf.read_bytes())
    field = layout.field(field_id)
    boxes = [field.year, field.month, field.day] if field.year else [field.box]
    text = ".".join(reader.text(b) for b in boxes)
    reader.close()
    return text


def test_birth_visit_prints_the_newborns_enrolment(
    live_server,
    new_page,
    screenshot,
    counter_staff,
    moving_household,  # noqa: F811
):
    page = new_page()
    open_visit(page, live_server, "出生", "3番窓口")
    set_event_date(page, "出生日", "令和8年11月25日")
    pick_from_register(page, "parents", "やまだ", "山田　太郎")
    pick_from_register(page, "parents", "やまだ", "山田　美咲")
    type_person(
        page,
        "child",
        name="山田　結衣",
        kana="やまだ ゆい",
        birth_date="令和8年11月25日",
        sex="女",
        relationship="子",
    )
    assert "亡くなった方" not in page.locator("main").inner_text()
    answer_questions(page, {"parents.insurance": "国保", "mother.insurance": "国保"})
    screenshot(page, "birth-case")
    _, pdf, forms = confirm_and_print(page, new_page, live_server, screenshot, "3番窓口", "山田　結衣")
    assert "F_H01" in forms, list(forms)
    entry = forms["F_H01"]
    assert marked_options(pdf, "F_H01", entry, "change_kind") == ["取得"]
    assert checked(pdf, "F_H01", entry) == {"acquire_reason_2"}  # 出生
    assert field_text(pdf, "F_H01", entry, "changed_on") == "8.11.25"
    assert field_text(pdf, "F_H01", entry, "insured_name") == "山田結衣"
    assert marked_options(pdf, "F_H01", entry, "insured_sex") == ["女"]
    # Typed without an address, the newborn lives where the parents live.
    assert field_text(pdf, "F_H01", entry, "insured_address") == "サンプル市東町三丁目4番地5"
    text = pdf_text(pdf)
    assert "死亡年月日" not in text and "亡くなった方" not in text


def test_move_in_visit_prints_a_move_in_notification(live_server, new_page, screenshot, counter_staff):
    page = new_page()
    open_visit(page, live_server, "転入（他の市区町村・国外から）", "4番窓口")
    set_event_date(page, "異動日", "令和8年11月20日")
    type_person(
        page,
        "movers",
        name="小林　正男",
        kana="こばやし まさお",
        birth_date="昭和60年2月11日",
        sex="男",
        address="さんぷる市西町二丁目8番1号",
        relationship="世帯主",
        phone="0853-22-0215",
    )
    asked = answer_questions(
        page,
        {
            "move.from_abroad": "いいえ",
            "movers.any_nhi": "はい",
            "answers.move.previous_address": "松江市殿町1番地",
            "answers.move.previous_householder": "小林　正男",
        },
    )
    assert "住所の異動" in asked  # the 転出証明書's 旧住所・旧世帯主, asked once for the household
    screenshot(page, "move-in-case")
    _, pdf, forms = confirm_and_print(page, new_page, live_server, screenshot, "4番窓口", "小林　正男")
    entry = forms["F_M01"]
    assert marked_options(pdf, "F_M01", entry, "move_kind") == ["転入"]
    assert field_text(pdf, "F_M01", entry, "moved_on") == "8.11.20"
    assert field_text(pdf, "F_M01", entry, "mover_name") == "小林正男"
    assert field_text(pdf, "F_M01", entry, "household_address") == "さんぷる市西町二丁目8番1号"
    assert field_text(pdf, "F_M01", entry, "previous_address") == "松江市殿町1番地"
    assert field_text(pdf, "F_M01", entry, "old_householder") == "小林正男"
    if "F_H01" in forms:
        assert marked_options(pdf, "F_H01", forms["F_H01"], "change_kind") == ["取得"]
        assert checked(pdf, "F_H01", forms["F_H01"]) == {"acquire_reason_1"}  # 転入
        assert field_text(pdf, "F_H01", forms["F_H01"], "householder_name") == "小林正男"  # typed as 世帯主
    assert "亡くなった方" not in pdf_text(pdf)


def test_move_out_visit_prints_the_register_relations_on_the_move_out_notification(
    live_server,
    new_page,
    screenshot,
    counter_staff,
    moving_household,  # noqa: F811
):
    page = new_page()
    open_visit(page, live_server, "転出（他の市区町村・国外へ）", "5番窓口")
    set_event_date(page, "異動日", "令和8年12月5日")
    for name in ("山田　太郎", "山田　美咲", "山田　陽向"):
        pick_from_register(page, "movers", "やまだ", name)
    asked = answer_questions(
        page,
        {
            "move.to_abroad": "いいえ",
            "answers.move.new_postal_code": "７３０－００１１",
            "answers.move.new_address": "広島市中区基町10番52号",
        },
    )
    assert "住所の異動" in asked
    screenshot(page, "move-out-case")
    _, pdf, forms = confirm_and_print(page, new_page, live_server, screenshot, "5番窓口", "山田　陽向")
    entry = forms["F_M01"]
    assert marked_options(pdf, "F_M01", entry, "move_kind") == ["転出"]
    assert field_text(pdf, "F_M01", entry, "moved_on") == "8.12.5"
    assert field_text(pdf, "F_M01", entry, "mover_name") == "山田太郎"
    # Nobody typed a 続柄: the register gives the mover's, and the mover files for themself.
    assert field_text(pdf, "F_M01", entry, "mover_old_relationship") == "世帯主"
    assert field_text(pdf, "F_M01", entry, "applicant_relationship") == "本人"
    assert field_text(pdf, "F_M01", entry, "old_householder") == "山田太郎"
    # 新住所 is where the household goes (asked), 旧住所 the register's: never the other way round.
    assert field_text(pdf, "F_M01", entry, "household_address") == "広島市中区基町10番52号"
    postal = field_text(pdf, "F_M01", entry, "household_address_postal")
    assert "".join(c for c in postal if c.isdigit()) == "7300011"  # typed in full width, printed 〒 boxes
    assert field_text(pdf, "F_M01", entry, "previous_address") == "サンプル市東町三丁目4番地5"
    nhi = forms["F_H01"]
    assert marked_options(pdf, "F_H01", nhi, "change_kind") == ["喪失"]
    assert "loss_reason_2" in checked(pdf, "F_H01", nhi)  # 転出
    assert "亡くなった方" not in pdf_text(pdf)


@pytest.fixture
def bride(db: None):
    """中村 美穂, heading her own household on 国保, whose surname changes by marriage."""
    from madoguchi.registry.models import Household
    from tests.counter.conftest import make_resident

    household = Household.objects.create(household_no="H0031")
    return make_resident(
        household, "310001", "中村　美穂", "ナカムラ　ミホ", dt.date(1996, 3, 14), sex="2",
        national_health_insurance=True, honseki="サンプル市本町一丁目1番地",
    )  # fmt: skip


def test_marriage_visit_prints_the_merge_and_leaves_the_move_kind_to_staff(
    live_server, new_page, screenshot, counter_staff, bride
):
    page = new_page()
    open_visit(page, live_server, "婚姻", "6番窓口")
    set_event_date(page, "婚姻日", "令和8年11月22日")
    pick_from_register(page, "renamed", "なかむら", "中村　美穂")
    answer_questions(page, {"marriage.move_needed": "はい", "marriage.merge_households": "はい"})
    screenshot(page, "marriage-case")
    case, pdf, _ = confirm_and_print(page, new_page, live_server, screenshot, "6番窓口", "中村　美穂")
    entries = {
        (entry["form_id"], procedure): entry
        for entry in PrintRecord.objects.get(case=case).report["forms"]
        for procedure in entry["procedures"]
    }
    merge = entries[("F_M01", "marriage_household_merge")]
    assert marked_options(pdf, "F_M01", merge, "move_kind") == ["世帯合併"]
    assert field_text(pdf, "F_M01", merge, "moved_on") == "8.11.22"
    assert field_text(pdf, "F_M01", merge, "mover_name") == "中村美穂"
    # The register gives her 続柄 (she heads her household) and she files for herself.
    assert field_text(pdf, "F_M01", merge, "mover_old_relationship") == "世帯主"
    assert field_text(pdf, "F_M01", merge, "applicant_relationship") == "本人"
    move = entries[("F_M01", "marriage_move")]
    assert marked_options(pdf, "F_M01", move, "move_kind") == []  # 転入 or 転居: staff circle it
    # She stays on 国保 (not her spouse's dependant): the 国保異動届 is her 氏名変更, not a blank form.
    nhi = entries[("F_H01", "marriage_nhi_name_change")]
    assert marked_options(pdf, "F_H01", nhi, "change_kind") == ["変更"]
    assert checked(pdf, "F_H01", nhi) == {"change_reason_2"}  # 氏名変更
    assert field_text(pdf, "F_H01", nhi, "insured_name") == "中村美穂"
    assert "亡くなった方" not in pdf_text(pdf)
