"""Entries written before audit keys existed keep verifying by the unkeyed rule, up to the first keyed one."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from madoguchi.audit.chain import GENESIS_HASH, entry_seal
from madoguchi.audit.models import AuditEntry
from madoguchi.audit.selectors import audit_verify
from madoguchi.audit.services import audit_record

pytestmark = pytest.mark.django_db


def _write_unkeyed(count: int) -> None:
    """Store entries as the release before audit keys did: SHA-256(prev_hash + content), no key id."""
    prev_hash, start = GENESIS_HASH, timezone.now() - timedelta(days=30)
    for seq in range(1, count + 1):
        entry = AuditEntry(
            seq=seq,
            at=start + timedelta(minutes=seq),
            actor_username="counter",
            department="shimin",
            client_address="192.0.2.10",
            action="resident.view",
            subject=f"resident:{seq}",
            detail={"件数": seq},
            prev_hash=prev_hash,
        )
        entry.entry_hash = prev_hash = entry_seal(entry, None)
        entry.save(force_insert=True)


def test_the_unkeyed_layout_is_the_one_older_releases_hashed():
    _write_unkeyed(1)
    entry = AuditEntry.objects.get()
    assert entry.key_id == ""
    # A value computed by the release before audit keys, for these exact fields.
    old_content = (
        '{"action":"resident.view","actor":"counter","address":"192.0.2.10","at":"'
        + entry.at.isoformat(timespec="microseconds")
        + '","department":"shimin","detail":{"件数":1},"seq":1,"subject":"resident:1"}'
    )
    assert entry.entry_hash == hashlib.sha256((GENESIS_HASH + old_content).encode()).hexdigest()


def test_older_entries_then_keyed_ones_verify(capsys):
    _write_unkeyed(3)
    assert audit_verify().ok
    audit_record(action="auth.login", actor=None)
    audit_record(action="auth.logout", actor=None)
    result = audit_verify()
    assert (result.ok, result.checked, result.unkeyed) == (True, 5, 3)
    call_command("audit", "verify")
    assert "OK: 監査ログ 5件（うち鍵導入前の記録 3件）のチェーンは正常です" in capsys.readouterr().out


def test_an_edit_of_an_older_entry_is_still_found():
    _write_unkeyed(3)
    audit_record(action="auth.login", actor=None)
    with connection.cursor() as cursor:
        cursor.execute(f'UPDATE "{AuditEntry._meta.db_table}" SET "subject" = %s WHERE "seq" = 2', ["x"])
    result = audit_verify()
    assert (result.ok, result.broken_seq) == (False, 2)
    assert "改ざん" in result.reason
