"""The least-privilege application role of deploy/: the audit table is append-and-read only (PostgreSQL)."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from madoguchi.audit.models import AuditEntry
from madoguchi.audit.services import audit_record
from madoguchi.counter.models import Case
from madoguchi.counter.services import case_open
from madoguchi.registry.models import Resident
from madoguchi.registry.services import residents_import
from tests.registry.samples import base_rows, to_csv

AFTER_MIGRATE = Path(__file__).resolve().parents[2] / "deploy" / "postgresql-after-migrate.sql"
AUDIT_TABLE = AuditEntry._meta.db_table

pytestmark = pytest.mark.django_db


@pytest.fixture
def app_role() -> str:
    """Create a role like madoguchi_app (its own name: roles are shared by every database) with the grants."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    role = f"madoguchi_app_test_{os.getpid()}"
    grants = AFTER_MIGRATE.read_text(encoding="utf-8").replace("madoguchi_app", role)
    with connection.cursor() as cursor:
        # CREATE ROLE is transactional: the test's rollback removes it again.
        cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
        cursor.execute(grants)
    return role


@contextmanager
def _as_role(role: str) -> Iterator[None]:
    """Run the block as `role` in a savepoint, so that a refused statement leaves the test usable."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{role}"')
        yield


@pytest.mark.parametrize(
    "statement",
    [
        f'UPDATE "{AUDIT_TABLE}" SET "action" = %s',
        f'DELETE FROM "{AUDIT_TABLE}" WHERE "action" <> %s',
        f'TRUNCATE "{AUDIT_TABLE}" -- %s',
    ],
    ids=["update", "delete", "truncate"],
)
def test_the_app_role_cannot_change_or_remove_audit_entries(app_role, counter_staff, statement):
    audit_record(action="test.before", actor=None)
    with pytest.raises(DatabaseError, match="permission denied"), _as_role(app_role):
        connection.cursor().execute(statement, ["x"])
    assert AuditEntry.objects.filter(action="test.before").exists()


def test_the_app_role_appends_audit_entries_and_does_its_work(app_role, counter_staff):
    with _as_role(app_role):
        case = case_open(actor=counter_staff, events=["death"], seat="1番", event_date=None)
        Case.objects.filter(pk=case.pk).update(seat="2番")
        entry = audit_record(action="test.as_app", actor=counter_staff)
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    assert Case.objects.get(pk=case.pk).seat == "2番"


def test_the_app_role_imports_the_register(app_role):
    # Staged in temporary tables: no owner rights needed (the database grants TEMPORARY to everyone).
    with _as_role(app_role):
        report = residents_import(stream=io.BytesIO(to_csv(base_rows())))
    assert report.ok, report.lines()
    assert Resident.objects.count() == report.added > 0
