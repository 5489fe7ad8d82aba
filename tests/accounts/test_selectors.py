"""Reads about staff: a request's departments are read once."""

from __future__ import annotations

import pytest

from madoguchi.accounts.models import Staff

pytestmark = pytest.mark.django_db


def test_departments_are_read_once_per_staff_object(counter_staff, departments, django_assert_num_queries):
    staff = Staff.objects.get(pk=counter_staff.pk)
    with django_assert_num_queries(1):
        assert staff.department_list() == [departments["shimin"]]
        assert staff.department_list() == [departments["shimin"]]


def test_a_fresh_staff_object_sees_changed_departments(counter_staff, departments):
    counter_staff.department_list()
    Staff.objects.get(pk=counter_staff.pk).departments.add(departments["zeimu"])
    fresh = Staff.objects.get(pk=counter_staff.pk)
    assert [d.code for d in fresh.department_list()] == ["shimin", "zeimu"]
