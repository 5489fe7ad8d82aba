"""Retention with time-machine: what is past its period goes, the rest stays, the chain still verifies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from madoguchi.audit.models import AuditEntry
from madoguchi.audit.selectors import audit_anchor, audit_verify
from madoguchi.audit.services import audit_record
from madoguchi.counter.models import Case, CasePerson, PrintRecord
from madoguchi.counter.services import case_open, case_person_add

pytestmark = pytest.mark.django_db

JST = dt.timezone(dt.timedelta(hours=9))
NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=JST)


def _case(staff, *, closed: bool) -> Case:
    case = case_open(actor=staff, events=["death"], seat="窓口1", event_date=None)
    case_person_add(case=case, role="applicant", actor=staff, typed={"name": "窓口　花子", "phone": "0120"})
    Case.objects.filter(pk=case.pk).update(answers={"deceased.pension": True}, notes="年金手帳あり")
    if closed:
        Case.objects.filter(pk=case.pk).update(stage=Case.Stage.CLOSED, closed_at=timezone.now())
    PrintRecord.objects.create(
        case=case, version=1, pack_id="p", pack_version="1", data={"氏名": "窓口　花子"}, printed_by=staff
    )
    return case


@pytest.fixture
def history(counter_staff, time_machine):
    """A case closed in 2020, one closed last month, one still with departments since 2019."""
    time_machine.move_to(dt.datetime(2019, 4, 1, 10, 0, tzinfo=JST), tick=False)
    in_progress = _case(counter_staff, closed=False)
    Case.objects.filter(pk=in_progress.pk).update(stage=Case.Stage.CONFIRMED)
    time_machine.move_to(dt.datetime(2020, 6, 1, 10, 0, tzinfo=JST), tick=False)
    old = _case(counter_staff, closed=True)
    time_machine.move_to(dt.datetime(2026, 11, 2, 10, 0, tzinfo=JST), tick=False)
    recent = _case(counter_staff, closed=True)
    time_machine.move_to(NOW, tick=False)
    return {"old": old, "recent": recent, "in_progress": in_progress}


def test_run_anonymises_old_cases_and_leaves_the_others(history, capsys):
    call_command("retention", "run")
    old, recent, in_progress = (Case.objects.get(pk=history[k].pk) for k in ("old", "recent", "in_progress"))
    assert not CasePerson.objects.filter(case=old).exists()
    assert (old.answers, old.notes, old.number, old.events) == ({}, "", history["old"].number, ["death"])
    assert PrintRecord.objects.get(case=old).data == {}
    for kept in (recent, in_progress):
        assert kept.notes == "年金手帳あり"
        assert CasePerson.objects.filter(case=kept).exists()
    assert PrintRecord.objects.get(case=recent).data == {"氏名": "窓口　花子"}
    # prints are kept one year: the 2019 case still in progress loses its printed values only
    assert PrintRecord.objects.get(case=in_progress).data == {}
    out = capsys.readouterr().out
    assert "来庁受付" in out and "匿名化 1件 処理済み" in out
    run = AuditEntry.objects.get(action="retention.run")
    assert (
        run.detail["counts"]["cases"] == 1 and run.detail["counts"]["prints"] == 1
    )  # the old case's went with it
    assert audit_verify().ok


def test_a_second_run_finds_nothing(history, capsys):
    call_command("retention", "run")
    call_command("retention", "run", "--dry-run")
    assert "匿名化 1件" not in capsys.readouterr().out.split("処理済み")[-1]


def test_dry_run_counts_and_changes_nothing(history, capsys):
    entries = AuditEntry.objects.count()
    call_command("retention", "run", "--dry-run")
    assert "匿名化 1件 対象（変更なし）" in capsys.readouterr().out
    assert Case.objects.get(pk=history["old"].pk).notes == "年金手帳あり"
    assert AuditEntry.objects.count() == entries


def test_expired_sessions_go_after_their_period(db, time_machine, settings):
    time_machine.move_to(NOW - dt.timedelta(days=2), tick=False)
    old = SessionStore()
    old.set_expiry(60)
    old.create()
    time_machine.move_to(NOW, tick=False)
    current = SessionStore()
    current.create()
    call_command("retention", "run")
    assert not SessionStore().exists(old.session_key)
    assert SessionStore().exists(current.session_key)


def test_old_audit_entries_are_pruned_behind_a_sealed_checkpoint(db, time_machine, settings, tmp_path):
    settings.AUDIT_ANCHOR_FILE = tmp_path / "anchors.jsonl"
    time_machine.move_to(dt.datetime(2015, 1, 5, tzinfo=JST), tick=False)
    for number in range(3):
        audit_record(action="test.old", actor=None, subject=f"case:{number}")
    old_anchor = audit_anchor()
    time_machine.move_to(dt.datetime(2018, 1, 5, tzinfo=JST), tick=False)
    audit_record(action="test.kept", actor=None)
    time_machine.move_to(NOW, tick=False)
    call_command("audit", "anchor", "--append")
    # when: the ten-year period has passed for the 2015 entries
    call_command("retention", "run")
    # then
    assert not AuditEntry.objects.filter(action="test.old").exists()
    checkpoint = AuditEntry.objects.get(action="audit.prune")
    assert (
        checkpoint.detail["through_seq"] == 3 and checkpoint.detail["through_hash"] == old_anchor.entry_hash
    )
    assert audit_verify(anchors=[old_anchor]).ok
    call_command("audit", "verify")


def test_a_prefix_removed_without_a_checkpoint_is_found(db, time_machine):
    time_machine.move_to(dt.datetime(2015, 1, 5, tzinfo=JST), tick=False)
    for _ in range(3):
        audit_record(action="test.old", actor=None)
    time_machine.move_to(NOW, tick=False)
    call_command("retention", "run")
    first_kept = AuditEntry.objects.order_by("seq").first()
    with connection.cursor() as cursor:  # someone removes one more entry, beyond the checkpoint
        cursor.execute("DELETE FROM audit_auditentry WHERE seq = %s", [first_kept.seq])
    result = audit_verify()
    assert not result.ok


def test_a_forged_checkpoint_is_found(db, time_machine):
    time_machine.move_to(dt.datetime(2015, 1, 5, tzinfo=JST), tick=False)
    for _ in range(3):
        audit_record(action="test.old", actor=None)
    time_machine.move_to(NOW, tick=False)
    call_command("retention", "run")
    with connection.cursor() as cursor:  # claim that more was pruned than was
        cursor.execute(
            "UPDATE audit_auditentry SET detail = %s WHERE action = 'audit.prune'",
            ['{"through_seq": 1, "through_hash": "x", "count": 1}'],
        )
    assert not audit_verify().ok


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("cases=abc", "0以上の整数"),
        ("kases=10", "記録の種類ではありません"),
        ("uploads=0", "1日以上"),
        ("cases=4000", "監査ログの保存期間"),
    ],
)
def test_wrong_periods_get_a_japanese_message_and_change_nothing(history, settings, value, message):
    settings.RETENTION_DAYS = value
    with pytest.raises(CommandError, match=message):
        call_command("retention", "run")
    assert Case.objects.get(pk=history["old"].pk).notes == "年金手帳あり"


def test_show_lists_every_kind_with_its_period(db, settings, capsys):
    settings.RETENTION_DAYS = "cases=3650, audit=7300"
    call_command("retention", "show")
    out = capsys.readouterr().out
    assert "cases\t3650日" in out and "audit\t7300日" in out and "sessions\t0日" in out


def test_a_cancelled_case_is_anonymised_after_its_period(counter_staff, time_machine):
    time_machine.move_to(dt.datetime(2020, 6, 1, 10, 0, tzinfo=JST), tick=False)
    cancelled = _case(counter_staff, closed=False)
    Case.objects.filter(pk=cancelled.pk).update(stage=Case.Stage.CANCELLED, cancelled_at=timezone.now())
    time_machine.move_to(NOW, tick=False)
    call_command("retention", "run")
    assert not CasePerson.objects.filter(case=cancelled).exists()
    assert Case.objects.get(pk=cancelled.pk).notes == ""
