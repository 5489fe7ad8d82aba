"""The hash chain: verification, tamper detection, append-only enforcement, concurrent writers."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from madoguchi.audit.chain import GENESIS_HASH
from madoguchi.audit.models import AppendOnlyError, AuditEntry
from madoguchi.audit.selectors import audit_anchor, audit_verify
from madoguchi.audit.services import audit_record

TABLE = AuditEntry._meta.db_table


def _write(count: int) -> None:
    for i in range(count):
        audit_record(
            action="resident.view", actor=None, subject=f"resident:{i}", detail={"i": i, "名": "表示"}
        )


@pytest.mark.django_db
def test_an_untouched_chain_verifies():
    _write(5)
    result = audit_verify()
    assert result.ok
    assert result.checked == 5
    assert list(AuditEntry.objects.values_list("seq", flat=True)) == [1, 2, 3, 4, 5]


@pytest.mark.django_db
def test_each_entry_links_to_the_previous_hash():
    _write(3)
    entries = list(AuditEntry.objects.order_by("seq"))
    assert entries[0].prev_hash == GENESIS_HASH
    assert [e.prev_hash for e in entries[1:]] == [e.entry_hash for e in entries[:-1]]


@pytest.mark.django_db
def test_an_edited_entry_is_found():
    _write(5)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET subject = %s WHERE seq = 3", ["resident:999"])
    result = audit_verify()
    assert not result.ok
    assert result.broken_seq == 3
    assert "改ざん" in result.reason


@pytest.mark.django_db
def test_a_deleted_middle_entry_is_found():
    _write(5)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE seq = 2")
    result = audit_verify()
    assert not result.ok
    assert result.broken_seq == 2
    assert "削除" in result.reason


@pytest.mark.django_db
def test_tail_truncation_is_found_against_an_anchor():
    _write(5)
    anchor = audit_anchor()
    assert anchor.seq == 5
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE seq >= 4")
    assert audit_verify().ok  # without the anchor the shortened chain still looks whole
    result = audit_verify(anchors=[anchor])
    assert not result.ok
    assert result.broken_seq == 4
    assert "失われています" in result.reason


@pytest.mark.django_db
def test_truncation_then_new_entries_is_found_against_an_anchor():
    _write(5)
    anchor = audit_anchor()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE seq >= 4")
    _write(3)  # the chain grows past the anchor again, with different entries
    result = audit_verify(anchors=[anchor])
    assert not result.ok
    assert result.broken_seq == 5


@pytest.mark.django_db
def test_the_orm_cannot_change_or_remove_entries():
    _write(2)
    entry = AuditEntry.objects.first()
    entry.action = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(seq=1).update(action="changed")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert audit_verify().ok


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_make_one_linear_chain():
    threads, per_thread = 8, 15
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            _write(per_thread)
        except BaseException as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert errors == []
    total = threads * per_thread
    assert list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, total + 1))
    result = audit_verify()
    assert result.ok
    assert result.checked == total


@pytest.mark.django_db
def test_the_returned_entry_is_the_stored_one(counter_staff, departments):
    counter_staff.departments.add(departments["hoken-nenkin"])
    _write(1)
    head = audit_anchor()
    entry = audit_record(action="case.view", actor=counter_staff, subject="case:1", detail={"日": "ok"})
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.seq, stored.prev_hash) == (entry.seq, entry.prev_hash) == (head.seq + 1, head.entry_hash)
    assert stored.entry_hash == entry.entry_hash
    assert (stored.at, stored.detail) == (entry.at, {"日": "ok"})
    # Departments in code order, as the chain hashed them.
    assert stored.department == entry.department == "hoken-nenkin,shimin"
    assert audit_verify().ok


@pytest.mark.django_db
def test_an_entry_rolls_back_with_the_change_it_records():
    _write(1)
    with pytest.raises(RuntimeError), transaction.atomic():
        _write(1)
        raise RuntimeError("the audited change failed")
    assert AuditEntry.objects.count() == 1
    _write(1)
    assert audit_verify().ok
