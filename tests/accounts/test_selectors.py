"""Reads about staff: a request's departments are read once."""

from __future__ import annotations

import pytest

from madoguchi.accounts.models import Staff
from madoguchi.accounts.selectors import staff_departments

pytestmark = pytest.mark.django_db


def test_departments_are_read_once_per_staff_object(counter_staff, departments, django_assert_num_queries):
    staff = Staff.objects.get(pk=counter_staff.pk)
    with django_assert_num_queries(1):
        assert staff_departments(staff) == [departments["shimin"]]
        assert staff_departments(staff) == [departments["shimin"]]


def test_a_fresh_staff_object_sees_changed_departments(counter_staff, departments):
    staff_departments(counter_staff)
    Staff.objects.get(pk=counter_staff.pk).departments.add(departments["zeimu"])
    fresh = Staff.objects.get(pk=counter_staff.pk)
    assert [d.code for d in staff_departments(fresh)] == ["shimin", "zeimu"]
