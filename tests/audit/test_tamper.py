"""Tampering with the sealed chain, as someone who can write the database but has no audit key."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from madoguchi.audit.anchors import anchors_read
from madoguchi.audit.chain import entry_seal
from madoguchi.audit.keys import key_id_of, new_key
from madoguchi.audit.models import AuditEntry
from madoguchi.audit.selectors import audit_verify
from madoguchi.audit.services import audit_record

pytestmark = pytest.mark.django_db
TABLE = AuditEntry._meta.db_table
KEYS = [new_key(), new_key()]  # current first; the second only verifies


@pytest.fixture(autouse=True)
def two_keys(settings) -> None:
    settings.AUDIT_KEY = ",".join(KEYS)


@pytest.fixture
def chain(counter_staff) -> list[AuditEntry]:
    """Five entries by a member of staff, each with every field filled in."""
    return [
        audit_record(
            action="resident.view",
            actor=counter_staff,
            subject=f"resident:{i}",
            detail={"件数": i},
            client_address="192.0.2.10",
        )
        for i in range(1, 6)
    ]


def _set(seq: int, /, **values: Any) -> None:
    """Change stored fields with plain SQL, past the model that refuses updates."""
    for name, value in values.items():
        field = AuditEntry._meta.get_field(name)
        with connection.cursor() as cursor:
            cursor.execute(
                f'UPDATE "{TABLE}" SET "{field.column}" = %s WHERE "seq" = %s',
                [field.get_db_prep_value(value, connection), seq],
            )


def _assert_found(seq: int, reason_part: str) -> None:
    result = audit_verify(anchors=anchors_read_if_any())
    assert not result.ok
    assert result.broken_seq == seq
    assert reason_part in result.reason
    with pytest.raises(CommandError, match=f"最初の異常は連番 {seq}: .*{reason_part}") as error:
        call_command("audit", "verify")
    assert error.value.returncode == 1


def anchors_read_if_any() -> list:
    from django.conf import settings

    path = settings.AUDIT_ANCHOR_FILE
    return anchors_read(path, signed_only=True) if path.exists() else []


EDITS = {
    "seq": lambda entry, other: 30,
    "at": lambda entry, other: entry.at + timedelta(seconds=1),
    "actor": lambda entry, other: other.pk,
    "actor_username": lambda entry, other: other.username,
    "department": lambda entry, other: "zeimu",
    "client_address": lambda entry, other: "198.51.100.7",
    "action": lambda entry, other: "resident.search",
    "subject": lambda entry, other: "resident:999",
    "detail": lambda entry, other: {"件数": 4},
    "prev_hash": lambda entry, other: "f" * 64,
    "key_id": lambda entry, other: key_id_of(KEYS[1]),
    "entry_hash": lambda entry, other: "a" * 64,
}
REASONS = {"seq": "記録がありません", "prev_hash": "直前ハッシュ"}


def test_every_stored_field_is_sealed():
    names = {field.name for field in AuditEntry._meta.concrete_fields} - {"id"}
    assert names == set(EDITS)


@pytest.mark.parametrize("name", sorted(EDITS))
def test_an_edit_of_any_field_is_found(chain, hoken_staff, name):
    assert audit_verify().ok
    target = chain[2]
    _set(target.seq, **{name: EDITS[name](target, hoken_staff)})
    _assert_found(target.seq, REASONS.get(name, "改ざん"))


@pytest.mark.parametrize(
    ("key_id", "reason"), [("", "鍵のない記録"), ("0badc0de", "鍵ID 0badc0de の鍵が設定にありません")]
)
def test_a_key_id_that_is_removed_or_unknown_is_found(chain, key_id, reason):
    _set(chain[2].seq, key_id=key_id)
    _assert_found(chain[2].seq, reason)


def test_a_deleted_middle_entry_is_found(chain):
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{TABLE}" WHERE "seq" = %s', [chain[2].seq])
    _assert_found(chain[2].seq, "削除")


def _forge(key: bytes | None, key_id: str) -> None:
    head = AuditEntry.objects.order_by("-seq").first()
    entry = AuditEntry(
        seq=head.seq + 1,
        at=timezone.now(),
        action="auth.login",
        actor_username="counter",
        prev_hash=head.entry_hash,
        key_id=key_id,
    )
    entry.entry_hash = entry_seal(entry, key)
    entry.save(force_insert=True)  # appending is allowed; only its seal can tell it apart


@pytest.mark.parametrize(
    ("key", "key_id", "reason"),
    [
        (b"not-the-audit-key-but-just-as-long!", key_id_of(KEYS[0]), "署名と一致しません"),
        (b"not-the-audit-key-but-just-as-long!", key_id_of(new_key()), "の鍵が設定にありません"),
        (None, "", "鍵のない記録"),
    ],
    ids=["wrong-key-real-id", "wrong-key-own-id", "no-key"],
)
def test_a_forged_appended_entry_is_found(chain, key, key_id, reason):
    _forge(key, key_id)
    _assert_found(chain[-1].seq + 1, reason)


def test_a_truncated_tail_is_found_through_the_anchor_file(chain):
    call_command("audit", "anchor", "--append")
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{TABLE}" WHERE "seq" >= %s', [chain[3].seq])
    assert audit_verify().ok  # without anchors the shortened chain still looks whole
    lost, last = chain[3].seq, chain[4].seq
    _assert_found(lost, f"アンカー（連番 {last}）までの記録がありません。連番 {lost} 以降が失われています")


def _rehash_from(seq: int, key: bytes | None, key_id: str) -> None:
    """Rewrite one entry and recompute every seal after it, as an attacker without the audit key would."""
    prev_hash = AuditEntry.objects.get(seq=seq - 1).entry_hash
    for entry in AuditEntry.objects.filter(seq__gte=seq).order_by("seq"):
        if entry.seq == seq:
            entry.subject = "resident:999"
        entry.prev_hash, entry.key_id = prev_hash, key_id
        prev_hash = entry_seal(entry, key)
        _set(entry.seq, subject=entry.subject, prev_hash=entry.prev_hash, key_id=key_id, entry_hash=prev_hash)


@pytest.mark.parametrize(
    ("key", "key_id", "reason"),
    [
        (None, "", "鍵のない記録"),
        (b"guessed-key-guessed-key-guessed-key", key_id_of(KEYS[0]), "署名と一致しません"),
    ],
    ids=["no-key", "wrong-key"],
)
def test_a_rewrite_with_new_seals_after_the_last_anchor_is_found(chain, counter_staff, key, key_id, reason):
    call_command("audit", "anchor", "--append")
    for _ in range(3):
        audit_record(action="resident.view", actor=counter_staff, subject="resident:1")
    _rehash_from(chain[-1].seq + 2, key, key_id)
    _assert_found(chain[-1].seq + 2, reason)


def test_a_whole_chain_rewritten_without_keys_is_found_through_the_anchor_file(chain):
    call_command("audit", "anchor", "--append")
    first = AuditEntry.objects.get(seq=1)
    first.key_id = ""
    _set(1, key_id="", entry_hash=entry_seal(first, None))
    _rehash_from(2, None, "")  # the chain now verifies by the older unkeyed rule alone
    assert audit_verify().ok
    _assert_found(chain[-1].seq, "アンカーと一致しません")


def test_an_anchor_rewritten_to_match_is_found(chain, audit_files):
    call_command("audit", "anchor", "--append")
    line = audit_files.anchor_file.read_text()
    audit_files.anchor_file.write_text(line.replace(chain[-1].entry_hash, "b" * 64))
    _assert_found(chain[-1].seq, "アンカーが改ざんされています")
