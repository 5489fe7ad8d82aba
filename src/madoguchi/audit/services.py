"""Write audit entries. Every feature that touches personal data calls `audit_record`."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from madoguchi.audit.chain import GENESIS_HASH, PRUNE_ACTION, entry_seal
from madoguchi.audit.keys import audit_keyring
from madoguchi.audit.models import AuditEntry

if TYPE_CHECKING:
    from madoguchi.accounts.models import Staff

# Arbitrary constant naming the PostgreSQL advisory lock that serialises chain appends.
_PG_CHAIN_LOCK = 0x4D61646F
# Quoted names read the same in SQLite and PostgreSQL.
_HEAD_SQL = f'SELECT "seq", "entry_hash" FROM "{AuditEntry._meta.db_table}" ORDER BY "seq" DESC LIMIT 1'  # noqa: S608
# The model refuses deletes; pruning by retention is the one deliberate removal, in plain SQL.
_PRUNE_SQL = f'DELETE FROM "{AuditEntry._meta.db_table}" WHERE "seq" <= %s'  # noqa: S608


def _lock_chain() -> None:
    """Make concurrent writers append one after another, so the chain stays linear."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_CHAIN_LOCK])
    # SQLite: settings use BEGIN IMMEDIATE, so the write lock is already held by this transaction.


def _chain_head() -> tuple[int, str]:
    """Return the last entry's seq and hash (0 and the genesis hash for an empty chain)."""
    # Plain SQL: it runs under the chain lock, where building an ORM query would hold the lock longer.
    with connection.cursor() as cursor:
        cursor.execute(_HEAD_SQL)
        head = cursor.fetchone()
    return (head[0], head[1]) if head else (0, GENESIS_HASH)


def audit_record(
    *,
    action: str,
    actor: Staff | None,
    subject: str = "",
    detail: dict[str, Any] | None = None,
    client_address: str = "",
) -> AuditEntry:
    """Append one entry sealed with the current audit key. `subject` is an internal id, never a 個人番号."""
    # Read once per process; the first start creates the key file.
    keyring = audit_keyring(create=True)
    # A JSON round trip makes the sealed content equal to what the database gives back.
    clean_detail = json.loads(json.dumps(detail or {}, ensure_ascii=False, default=str))
    # Everything but seq, time and seals is prepared before the lock, so that other writers wait less.
    entry = AuditEntry(
        actor=actor,
        actor_username=actor.get_username() if actor is not None else "",
        department=",".join(actor.department_codes()) if actor is not None and actor.pk else "",
        client_address=client_address,
        action=action,
        subject=subject,
        detail=clean_detail,
        key_id=keyring.current_id,
    )
    # Inside a caller's transaction no savepoint: a failed append must fail the audited change with it.
    with transaction.atomic(savepoint=False):
        _lock_chain()
        last_seq, entry.prev_hash = _chain_head()
        entry.seq, entry.at = last_seq + 1, timezone.now()
        entry.entry_hash = entry_seal(entry, keyring.current_key)
        entry.save(force_insert=True)
    return entry


def audit_prune(*, before: datetime, dry_run: bool = False, client_address: str = "") -> int:
    """Remove the entries older than `before`; append a sealed checkpoint naming the last one removed.

    Verification starts from the newest checkpoint (audit.selectors). Needs DELETE on the audit table:
    run it as the owner role on PostgreSQL (docs/retention.md). Returns how many entries went.
    """
    with transaction.atomic():
        _lock_chain()
        old = AuditEntry.objects.filter(at__lt=before)
        last = old.order_by("-seq").values_list("seq", "entry_hash").first()
        if last is None:
            return 0
        # Seq and time grow together under the chain lock: the old entries are a prefix of the chain.
        count = AuditEntry.objects.filter(seq__lte=last[0]).count()
        if dry_run:
            return count
        with connection.cursor() as cursor:
            cursor.execute(_PRUNE_SQL, [last[0]])
        detail = {
            "through_seq": last[0],
            "through_hash": last[1],
            "count": count,
            "before": before.isoformat(),
        }
        audit_record(action=PRUNE_ACTION, actor=None, detail=detail, client_address=client_address)
    return count


def audit_request(
    request: HttpRequest, *, action: str, subject: str = "", detail: dict[str, Any] | None = None
) -> AuditEntry:
    """Append one entry for the staff member and client address of a request."""
    user = request.user if request.user.is_authenticated else None
    return audit_record(
        action=action,
        actor=user,
        subject=subject,
        detail=detail,
        client_address=client_address_of(request),
    )


def client_address_of(request: HttpRequest) -> str:
    """Return the client address, trusting X-Forwarded-For only for the configured proxy count."""
    from django.conf import settings

    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return str(hops[-proxies])
    return str(request.META.get("REMOTE_ADDR", ""))
