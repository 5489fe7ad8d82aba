"""The interview asks a form's value only when the procedure printing the form needs it."""

from __future__ import annotations

from pathlib import Path

import pytest

from madoguchi.counter.formdata import form_inputs, form_questions
from madoguchi.domain.documents import load_layouts

FORMS = Path(__file__).resolve().parents[2] / "packs" / "sample-city" / "forms"


@pytest.fixture(scope="module")
def h01():
    return load_layouts(FORMS)["F_H01"]


def test_an_enrolment_is_not_asked_what_cards_are_returned(h01):
    uses = {"F_H01": [{"settings": {"change": "取得", "reason": "出生"}}]}
    assert "answers.returned_items" not in form_inputs([h01], uses)
    titles = [i.path for q in form_questions([h01], {}, uses) for i in q.inputs]
    assert "answers.returned_items" not in titles and "applicant.phone" in titles


def test_a_loss_asks_what_cards_are_returned_with_every_option(h01):
    uses = {
        "F_H01": [{"settings": {"change": "取得", "reason": "社保離脱"}}, {"settings": {"change": "喪失"}}]
    }
    item, forms = form_inputs([h01], uses)["answers.returned_items"]
    assert item.kind == "multi" and item.options == ("資格確認書", "保険証", "高齢受給者証")
    assert forms == ("F_H01",)


def test_without_uses_every_interview_path_is_listed(h01):
    assert {"answers.returned_items", "applicant.phone", "applicant.relationship"} <= set(form_inputs([h01]))


@pytest.mark.parametrize(
    ("kind", "asked"),
    [
        ("転出", {"answers.move.new_postal_code", "answers.move.new_address"}),
        ("転居", {"answers.move.new_postal_code", "answers.move.new_address"}),
        ("転入", {"answers.move.previous_address", "answers.move.previous_householder"}),
        ("世帯主変更", set()),
        ("世帯合併", set()),
        (None, {"answers.move.new_postal_code", "answers.move.new_address"}),  # a move of open kind
    ],
)
def test_the_idou_todoke_asks_the_address_the_register_cannot_give(kind, asked):
    """新住所 for a household leaving its address, 旧住所・旧世帯主 (転出証明書) for a move-in."""
    m01 = load_layouts(FORMS)["F_M01"]
    uses = {"F_M01": [{"settings": {"kind": kind}}]}
    paths = {i.path for q in form_questions([m01], {}, uses) for i in q.inputs}
    assert {p for p in paths if p.startswith("answers.move.")} == asked
    assert all(form_inputs([m01], uses)[p][0].kind == "text" for p in asked)
    assert not {p for p in paths if p.startswith(("household.", "person."))}
