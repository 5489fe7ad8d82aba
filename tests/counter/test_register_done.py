"""Register first: what the register shows as already done is 届出済 for every event, not a task."""

from __future__ import annotations

import datetime as dt

from madoguchi.counter.state import case_state
from madoguchi.domain.navigator import Status
from madoguchi.registry.models import Household, Resident

from .conftest import make_resident
from .helpers import add_resident, open_case

MOVED = dt.date(2026, 11, 20)


def statuses(case) -> dict[str, Status]:
    case.refresh_from_db()
    return {p.id: p.status for p in case_state(case).procedures}


def test_movers_removed_by_a_move_out_make_the_move_out_notification_done(
    client, login_client, counter_staff, moving_household
):
    Resident.objects.filter(pk__in=[r.pk for r in moving_household.values()]).update(
        status=Resident.Status.MOVED_OUT, change_reason="転出", changed_on=MOVED, removed_on=MOVED
    )
    login_client(counter_staff, client)
    case = open_case(client, events=("move_out",), event_date="令和8年11月20日")
    for person in moving_household.values():
        add_resident(client, case, person, "movers")
    # 転出 or 国外転出 the 除票 does not say: the one question decides which notification was made.
    assert statuses(case)["move_out_notification"] == Status.TO_CONFIRM
    client.post(f"/counter/visits/{case.pk}/answer/", {"fact": "move.to_abroad", "value": "no"})
    found = statuses(case)
    assert found["move_out_notification"] == Status.DONE
    assert "move_out_notification" not in {p.id for p in case_state(case).required}


def test_movers_still_resident_need_the_move_out_notification(
    client, login_client, counter_staff, moving_household
):
    login_client(counter_staff, client)
    case = open_case(client, events=("move_out",), event_date="令和8年11月20日")
    add_resident(client, case, moving_household["father"], "movers")
    assert statuses(case)["move_out_notification"] != Status.DONE


def test_a_move_in_already_written_in_the_register_is_done(client, login_client, counter_staff, db):
    household = Household.objects.create(household_no="H0009")
    mover = make_resident(
        household, "900001", "小林　正男", "コバヤシ　マサオ", dt.date(1960, 3, 3),
        change_reason="転入", changed_on=MOVED, became_resident_on=MOVED,
    )  # fmt: skip
    login_client(counter_staff, client)
    case = open_case(client, events=("move_in",), event_date="令和8年11月20日")
    add_resident(client, case, mover, "movers")
    assert statuses(case)["move_in_notification"] == Status.DONE


def test_a_child_on_the_register_makes_the_birth_report_done(client, login_client, counter_staff, db):
    household = Household.objects.create(household_no="H0010")
    born = dt.date(2026, 11, 25)
    mother = make_resident(
        household, "910001", "佐藤　美和", "サトウ　ミワ", dt.date(1995, 1, 1), sex="2",
        national_health_insurance=True,
    )  # fmt: skip
    child = make_resident(
        household, "910002", "佐藤　結衣", "サトウ　ユイ", born, relation="子", sex="2",
        change_reason="出生", changed_on=born,
    )  # fmt: skip
    login_client(counter_staff, client)
    case = open_case(client, events=("birth",), event_date="令和8年11月25日")
    add_resident(client, case, mother, "parents")
    add_resident(client, case, child, "child")
    found = statuses(case)
    assert found["birth_report"] == Status.DONE
    assert found["birth_resident_record"] == Status.DONE


def test_the_reception_date_is_the_marriage_date_and_is_not_asked(
    client, login_client, counter_staff, moving_household
):
    login_client(counter_staff, client)
    case = open_case(client, events=("marriage",), event_date="令和8年11月22日")
    add_resident(client, case, moving_household["mother"], "renamed")
    case.refresh_from_db()
    state = case_state(case)
    assert state.facts["marriage.date"] == dt.date(2026, 11, 22)
    assert "marriage.date" not in {q.fact for q in state.questions}
    # 婚姻に伴う世帯合併: 11月22日の翌日から14日目の12月6日(日)→7日(月)。
    merge = next(p for p in state.procedures if p.id == "marriage_household_merge")
    assert merge.deadline is not None and merge.deadline.date == dt.date(2026, 12, 7)
