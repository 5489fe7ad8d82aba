"""Demo visits: a living counter for newcomers, created once."""

from __future__ import annotations

import datetime as dt

import pytest

from madoguchi.counter.demo import demo_visits_create
from madoguchi.counter.models import Case, Task
from madoguchi.registry.models import Household, Resident
from tests.counter.conftest import make_resident


@pytest.mark.django_db
def test_demo_visits_cover_every_stage_and_run_once(
    counter_staff, hoken_staff, bereaved_household, moving_household
):
    for n in (2, 3):
        household = Household.objects.create(household_no=f"HD{n}")
        make_resident(household, f"30000{n}", f"佐藤　次郎{n}", "サトウ　ジロウ", dt.date(1940, 1, n),
                      status=Resident.Status.DECEASED, removed_on=dt.date(2026, 11, 10 + n),
                      late_elderly_insurance=True)  # fmt: skip
    assert demo_visits_create(counter_username="counter", department_username="hoken") == 4
    stages = sorted(Case.objects.values_list("stage", flat=True))
    assert stages == ["closed", "confirmed", "interview", "interview"]
    assert Task.objects.filter(status="taken", assignee=hoken_staff).exists()
    assert demo_visits_create(counter_username="counter", department_username="hoken") == 0
    assert Case.objects.count() == 4


@pytest.mark.django_db
def test_no_demo_visits_without_residents(counter_staff, hoken_staff):
    assert demo_visits_create(counter_username="counter", department_username="hoken") == 0
