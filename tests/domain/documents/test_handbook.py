"""おくやみハンドブック: grouped by place, deadlines with weekday, 持ち物 once, 戸籍 advice; the .ics."""

from __future__ import annotations

import dataclasses
import re

import pytest
from icalendar import Calendar

from madoguchi.domain.belongings import KOSEKI
from madoguchi.domain.documents.deadlines_calendar import deadline_calendar
from madoguchi.domain.documents.handbook import Handbook, place_groups, render_handbook
from madoguchi.domain.japanese import format_wareki_weekday
from madoguchi.domain.navigator import navigate
from madoguchi.domain.packs import DeadlineKind, Facts, load_pack

from .conftest import PACK, TODAY, example
from .readers import page_texts, strip


@pytest.fixture(scope="module")
def pack():
    return load_pack(PACK)


@pytest.fixture(scope="module")
def book(pack, layouts):
    facts = example("death-yoshida.facts.json") | {
        "deceased.pension.receiving": True,
        "answers.has_bank_accounts": True,
        "answers.estate_may_exceed_basic_deduction": True,
    }
    navigation = navigate(pack, "death", Facts.checked(pack.facts, facts), TODAY)
    required = [p for p in navigation.procedures if p.status == "required"]
    printed = {layouts[f].name for p in required for f in p.form_ids if f in layouts}
    return Handbook(
        municipality="サンプル市",
        case_number="R8-OK-0042",
        today=TODAY,
        deceased="吉田　一郎",
        done=tuple(p for p in required if not p.outside_city_hall),
        remaining=tuple(p for p in required if p.outside_city_hall),
        to_ask=tuple(p for p in navigation.procedures if p.status == "to_confirm"),
        printed_forms=tuple(sorted(printed)),
        corner=pack.corner,
    )


@pytest.fixture(scope="module")
def text(book):
    joined = "".join(page_texts(render_handbook(book)))
    return re.sub(r"受付番号R8-OK-0042\d+/\d+ページ", "", joined)


def _sections(text: str) -> dict[str, str]:
    """Return each place's part of 「これからの手続」, by the place's name."""
    part = text[text.index("■これからの手続") : text.index("■あてはまるかどうか")]
    chunks = part.split("【")[1:]
    return {chunk[: chunk.index("】")]: chunk for chunk in chunks}


def test_what_remains_is_grouped_by_place_with_its_address_hours_and_phone(book, text):
    sections = _sections(text)
    assert [g.place.name for g in place_groups(book)] == list(sections)
    for group in place_groups(book):
        section = sections[group.place.name]
        for procedure in group.procedures:
            assert strip(procedure.name) in section, procedure.id
        for detail in (group.place.address, group.place.hours, group.place.phone):
            assert strip(detail) in section
    pension = sections["サンプル年金事務所"]
    assert "未支給年金" in pension and "0000-23-4501" in pension


def test_every_dated_deadline_has_its_weekday_and_days_left(book, text):
    dated = [p for p in book.remaining if p.deadline is not None and p.deadline.date is not None]
    assert len(dated) >= 3
    for procedure in dated:
        when = format_wareki_weekday(procedure.deadline.date)
        left = (procedure.deadline.date - TODAY).days
        assert strip(f"{when}まで（あと{left}日）") in text, procedure.id


def test_each_thing_to_bring_appears_once_per_place_and_never_a_printed_form(book, text):
    sections = _sections(text)
    for group in place_groups(book):
        things = sections[group.place.name].split("ここへお持ちいただくもの", 1)[1]
        for thing in group.things:
            assert things.count(strip(f"・{thing.text()}")) == 1, thing
        assert things.count("本人確認書類") <= 1
        for form in book.printed_forms:
            assert strip(form) not in things
    assert "要確認" not in text


def test_koseki_copies_and_the_statutory_heir_information_map(book, text):
    advice = text[text.index("■戸籍謄本・除籍謄本は何通いりますか") : text.index("■お問い合わせ先")]
    needing = [g for g in place_groups(book) if any(t.name == KOSEKI for t in g.things)]
    assert len(needing) >= 3
    for group in needing:
        assert strip(group.place.name) in advice
    assert f"合わせて{len(needing)}か所" in advice
    saved = advice[advice.index("法定相続情報一覧図の写しを使うと") :]
    # It saves the 戸籍 set at the pension office and the tax office too, not only for land and banks.
    assert "サンプル年金事務所" in saved and "サンプル税務署" in saved and "サンプル地方法務局" in saved


def test_case_number_and_the_corners_phone_close_the_handbook(text):
    contact = text[text.index("■お問い合わせ先") :]
    assert "おくやみコーナー" in contact and "0000-12-1234" in contact and "R8-OK-0042" in contact


def test_calendar_events_match_the_handbook(book, text):
    calendar = Calendar.from_ical(deadline_calendar(book))
    events = list(calendar.walk("VEVENT"))
    dated = {p.id: p for g in place_groups(book) for p in g.procedures if p.deadline and p.deadline.date}
    assert len(events) == len(dated)
    for event in events:
        procedure = next(p for pid, p in dated.items() if str(event["uid"]).startswith(f"R8-OK-0042-{pid}@"))
        assert str(event["summary"]) == f"{procedure.deadline.kind.resident_label}: {procedure.name}"
        assert event.decoded("dtstart") == procedure.deadline.date
        assert str(event["location"]).startswith(procedure.place.name)
        # The same date, with its weekday, is in the handbook under the same procedure.
        assert strip(format_wareki_weekday(procedure.deadline.date)) in text
        assert event.walk("VALARM")
    assert "吉田" not in deadline_calendar(book).decode()


def test_a_claim_in_the_calendar_is_named_as_the_day_its_right_expires(pack, book):
    facts = example("death-yoshida.facts.json") | {
        "deceased.insurance": "被用者保険",
        "answers.was_family_dependent": True,
    }
    navigation = navigate(pack, "death", Facts.checked(pack.facts, facts), TODAY)
    claim = next(p for p in navigation.procedures if p.id == "death_family_burial_allowance")
    assert claim.status == "required" and claim.deadline.kind == DeadlineKind.CLAIM
    events = Calendar.from_ical(deadline_calendar(dataclasses.replace(book, remaining=(claim,))))
    assert [str(e["summary"]) for e in events.walk("VEVENT")] == [f"請求の時効: {claim.name}"]
