"""Upgrade from the previous release: its schema and data, migrated forward, keep the data and the chain.

The previous release is commit 7d9c2f6 (no tags yet): the fixture is built by migrating this test
database back to that release's latest migration of each app and writing rows with its layout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.apps import apps as current_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from madoguchi.audit.chain import GENESIS_HASH, entry_seal
from madoguchi.audit.models import AuditEntry
from madoguchi.audit.selectors import audit_verify
from madoguchi.audit.services import audit_record
from madoguchi.counter.models import Case, CasePerson
from madoguchi.registry.models import Resident

pytestmark = pytest.mark.django_db(transaction=True)

# The latest migration of each app at commit 7d9c2f6, the last release before this round.
PREVIOUS_RELEASE = {
    "accounts": "0001_initial",
    "audit": "0001_initial",
    "counter": "0001_initial",
    "registry": "0006_drop_digest_values_are_compared_instead",
}


def _release_targets(executor: MigrationExecutor) -> list[tuple[str, str | None]]:
    targets: list[tuple[str, str | None]] = []
    for app, leaf in executor.loader.graph.leaf_nodes():
        if app in PREVIOUS_RELEASE:
            targets.append((app, PREVIOUS_RELEASE[app]))
        elif current_apps.get_app_config(app).name.startswith("madoguchi."):
            targets.append((app, None))  # an app that came later: not in the old database
        else:
            targets.append((app, leaf))
    return targets


def _migrate_to(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)


@pytest.fixture
def previous_release() -> Iterator[object]:
    """The database as the previous release left it; migrated to the newest schema again afterwards."""
    executor = MigrationExecutor(connection)
    targets = _release_targets(executor)
    executor = _migrate_to(targets)
    try:
        # An app that came later has no node to stand on (None): it is simply absent from the old state.
        yield executor.loader.project_state([t for t in targets if t[1] is not None]).apps
    finally:
        _migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _old_audit_entries(old_apps, count: int) -> list[str]:
    """Write entries as the previous release did: no key id, the unkeyed SHA-256 link."""
    entry_model = old_apps.get_model("audit", "AuditEntry")
    prev_hash, hashes = GENESIS_HASH, []
    for seq in range(1, count + 1):
        fields = {
            "seq": seq,
            "at": dt.datetime(2026, 10, 1, 9, seq, tzinfo=dt.UTC),
            "actor_username": "counter",
            "department": "shimin",
            "client_address": "10.0.0.5",
            "action": "resident.view",
            "subject": f"resident:{seq}",
            "detail": {"status": 200},
            "prev_hash": prev_hash,
        }
        seal = entry_seal(SimpleNamespace(**fields, actor_id=None, key_id=""), None)
        entry_model.objects.create(**fields, entry_hash=seal)
        prev_hash = seal
        hashes.append(seal)
    return hashes


def test_a_database_of_the_previous_release_upgrades_with_its_data_and_chain(previous_release):
    # given: a register, a case with its people and an unkeyed audit chain, in the old layout
    old = previous_release
    staff = old.get_model("accounts", "Staff").objects.create(username="counter", password="!")
    household = old.get_model("registry", "Household").objects.create(household_no="H1")
    resident = old.get_model("registry", "Resident").objects.create(
        atena_no="100001",
        household=household,
        relation="世帯主",
        name="鈴木　一郎",
        kana="スズキ　イチロウ",
        name_key="鈴木一郎",
        birth_date=dt.date(1941, 2, 11),
        sex="1",
        status=3,
        address="サンプル市東町三丁目4番地5",
    )
    case = old.get_model("counter", "Case").objects.create(
        number="2026-00001", seat="窓口1", events=["death"], opened_by=staff, answers={"x": True}
    )
    old.get_model("counter", "CasePerson").objects.create(
        case=case, role="deceased", resident_id=resident.pk, name="鈴木　一郎"
    )
    hashes = _old_audit_entries(old, 3)
    # when: migrated to this release
    _migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes())
    # then: the data reads through today's models and the old chain verifies, then grows keyed
    assert Resident.objects.get(atena_no="100001").kana == "スズキ　イチロウ"
    assert Case.objects.get(number="2026-00001").answers == {"x": True}
    assert CasePerson.objects.get(case__number="2026-00001").resident.atena_no == "100001"
    assert list(AuditEntry.objects.values_list("entry_hash", flat=True)) == hashes
    assert AuditEntry.objects.filter(key_id="").count() == 3
    audit_record(action="upgrade.check", actor=None)
    result = audit_verify()
    assert result.ok and result.checked == 4 and result.unkeyed == 3
