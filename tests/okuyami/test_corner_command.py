"""`madoguchi corner` and the demo bookings."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from madoguchi.audit.models import AuditEntry
from madoguchi.okuyami.demo import demo_bookings_create
from madoguchi.okuyami.models import Booking, Corner
from madoguchi.registry.models import Household, Resident
from tests.counter.conftest import make_resident


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("corner", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_set_show_close_and_open():
    text = run("set", "--place", "本庁舎1階", "--weekdays", "月水金", "--opens", "9:30", "--seats", "3")
    assert "開設曜日 月水金　09:30〜16:00" in text and "3席" in text
    corner = Corner.objects.get()
    assert corner.weekdays == [0, 2, 4]
    run("close", "令和8年12月10日", "--reason", "庁舎点検")
    assert "臨時の閉庁日 2026-12-10 庁舎点検" in run("show")
    run("open", "2026-12-10")
    assert "2026-12-10" not in run("show")
    assert AuditEntry.objects.filter(action__startswith="corner.").count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("set", "--place", "x", "--weekdays", "月曜"), "曜日を 月火水木金 のように"),
        (("set", "--place", "x", "--opens", "朝"), "時刻を 9:00 のように"),
        (("set", "--place", "x", "--opens", "17:00"), "開始が終了より前"),
        (("set", "--place", "x", "--seats", "0"), "席数は1〜20"),
        (("show",), "まだありません"),
    ],
)
def test_bad_arguments_get_a_japanese_message_and_change_nothing(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert Corner.objects.count() == 0


@pytest.mark.django_db
def test_bad_closure_date():
    run("set", "--place", "本庁舎1階")
    with pytest.raises(CommandError, match="日付「2026-13-01」"):
        run("close", "2026-13-01")


@pytest.mark.django_db
def test_demo_bookings_once(counter_staff):
    household = Household.objects.create(household_no="HX")
    for n in range(6):
        make_resident(household, f"40000{n}", f"佐藤　三郎{n}", "サトウ　サブロウ", dt.date(1940, 1, n + 1),
                      status=Resident.Status.DECEASED, removed_on=dt.date(2026, 11, 10))  # fmt: skip
    assert demo_bookings_create(counter_username="counter") == 3
    assert Booking.objects.count() == 3 and Booking.objects.first().preparations.exists()
    assert demo_bookings_create(counter_username="counter") == 0
