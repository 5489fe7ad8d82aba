"""Register first on the forms: every event's people carry their 続柄 and 本籍 from the register."""

from __future__ import annotations

import pytest

from madoguchi.counter.printing import bundle_data
from madoguchi.counter.state import case_state

from .helpers import add_resident, add_typed, open_case

pytestmark = pytest.mark.django_db


def data_of(case) -> dict:
    case.refresh_from_db()
    state = case_state(case)
    return bundle_data(case, state, state.people)


def test_movers_carry_their_register_relation_and_the_applicant_is_related_to_them(
    client, login_client, counter_staff, moving_household
):
    login_client(counter_staff, client)
    case = open_case(client, events=("move_out",), event_date="令和8年11月20日")
    add_resident(client, case, moving_household["child"], "movers")
    add_resident(client, case, moving_household["father"], "movers")
    add_resident(client, case, moving_household["mother"], "applicant")
    data = data_of(case)
    assert [m["relationship"] for m in data["movers"]] == ["子", "世帯主"]
    assert data["applicant"]["relationship"] == "母"  # the mother, to the first mover (her child)
    assert data["household"]["head_name"] == "山田　太郎"


def test_a_mover_filing_for_themself_is_the_person_themself(
    client, login_client, counter_staff, moving_household
):
    login_client(counter_staff, client)
    case = open_case(client, events=("move_within",), event_date="令和8年11月20日")
    add_resident(client, case, moving_household["father"], "movers")
    data = data_of(case)
    assert data["applicant"]["relationship"] == "本人"  # no 届出人 came: the mover files


def test_a_newborn_is_the_child_of_the_head_and_the_parent_files_as_father(
    client, login_client, counter_staff, moving_household
):
    login_client(counter_staff, client)
    case = open_case(client, events=("birth",), event_date="令和8年11月25日")
    add_resident(client, case, moving_household["father"], "parents")
    add_typed(
        client, case, "child", name="山田　結衣", kana="やまだ ゆい", birth_date="令和8年11月25日", sex="女"
    )
    data = data_of(case)
    assert data["child"]["relationship"] == "子"  # typed without a 続柄: the father heads the household
    assert data["applicant"]["relationship"] == "父"


def test_a_typed_relation_wins_over_the_derived_one(client, login_client, counter_staff, moving_household):
    login_client(counter_staff, client)
    case = open_case(client, events=("birth",), event_date="令和8年11月25日")
    add_resident(client, case, moving_household["child"], "parents")
    add_typed(client, case, "child", name="山田　一", birth_date="令和8年11月25日", relationship="孫")
    assert data_of(case)["child"]["relationship"] == "孫"


def test_the_deceased_keeps_the_register_relation_and_honseki(
    client, login_client, counter_staff, bereaved_household
):
    bereaved_household["deceased"].honseki = "サンプル市東町三丁目4番地"
    bereaved_household["deceased"].save(update_fields=["honseki"])
    login_client(counter_staff, client)
    case = open_case(client)
    add_resident(client, case, bereaved_household["deceased"], "deceased")
    add_resident(client, case, bereaved_household["son"], "applicant")
    data = data_of(case)
    assert data["deceased"]["relationship"] == "世帯主"
    assert data["deceased"]["honseki"] == "サンプル市東町三丁目4番地"
    assert data["applicant"]["relationship"] == "子"
