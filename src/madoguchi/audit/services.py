"""Write audit entries. Every feature that touches personal data calls `audit_record`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from madoguchi.audit.chain import GENESIS_HASH, canonical_content, chain_hash
from madoguchi.audit.models import AuditEntry

if TYPE_CHECKING:
    from madoguchi.accounts.models import Staff

# Arbitrary constant naming the PostgreSQL advisory lock that serialises chain appends.
_PG_CHAIN_LOCK = 0x4D61646F


def _lock_chain() -> None:
    """Make concurrent writers append one after another, so the chain stays linear."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_CHAIN_LOCK])
    # SQLite: settings use BEGIN IMMEDIATE, so the write lock is already held by this transaction.


def audit_record(
    *,
    action: str,
    actor: Staff | None,
    subject: str = "",
    detail: dict[str, Any] | None = None,
    client_address: str = "",
) -> AuditEntry:
    """Append one entry. `subject` is an internal id, never a name or a 個人番号."""
    # A JSON round trip makes the hashed content equal to what the database gives back.
    clean_detail = json.loads(json.dumps(detail or {}, ensure_ascii=False, default=str))
    username = actor.get_username() if actor is not None else ""
    department = _department_codes(actor)
    with transaction.atomic():
        _lock_chain()
        last = AuditEntry.objects.order_by("-seq").values_list("seq", "entry_hash").first()
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        content = {
            "seq": seq,
            "at": timezone.now(),
            "actor_username": username,
            "department": department,
            "client_address": client_address,
            "action": action,
            "subject": subject,
            "detail": clean_detail,
        }
        entry_hash = chain_hash(prev_hash, canonical_content(**content))
        return AuditEntry.objects.create(**content, actor=actor, prev_hash=prev_hash, entry_hash=entry_hash)


def audit_request(
    request: HttpRequest, *, action: str, subject: str = "", detail: dict[str, Any] | None = None
) -> AuditEntry:
    """Append one entry for the staff member and client address of a request."""
    user = request.user if request.user.is_authenticated else None
    return audit_record(
        action=action,
        actor=user,  # type: ignore[arg-type]
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
            return hops[-proxies]
    return str(request.META.get("REMOTE_ADDR", ""))


def _department_codes(actor: Staff | None) -> str:
    if actor is None or actor.pk is None:
        return ""
    return ",".join(actor.departments.order_by("code").values_list("code", flat=True))
