"""Read the audit trail: filtered listings and chain verification."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from madoguchi.audit.chain import GENESIS_HASH, canonical_content, chain_hash
from madoguchi.audit.models import AuditEntry


def audit_entries(
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    staff: str = "",
    action: str = "",
    subject: str = "",
) -> QuerySet[AuditEntry]:
    """Return entries matching the auditor's filters, newest first. Dates are local (Asia/Tokyo) days."""
    entries = AuditEntry.objects.all()
    if date_from:
        entries = entries.filter(at__gte=timezone.make_aware(datetime.combine(date_from, time.min)))
    if date_to:
        end = timezone.make_aware(datetime.combine(date_to + timedelta(days=1), time.min))
        entries = entries.filter(at__lt=end)
    if staff:
        entries = entries.filter(actor_username=staff)
    if action:
        entries = entries.filter(action__startswith=action)
    if subject:
        entries = entries.filter(subject=subject)
    return entries.order_by("-seq")


@dataclass(frozen=True)
class Anchor:
    """The chain's head at a moment, kept outside the database to detect truncation."""

    seq: int
    entry_hash: str
    taken_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "hash": self.entry_hash, "taken_at": self.taken_at.isoformat()}


@dataclass(frozen=True)
class Verification:
    """The result of checking the chain: ok, or the first entry where it breaks and why."""

    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""


def audit_anchor() -> Anchor:
    """Return the current head of the chain."""
    head = AuditEntry.objects.order_by("-seq").values_list("seq", "entry_hash").first()
    seq, entry_hash = head if head else (0, GENESIS_HASH)
    return Anchor(seq=seq, entry_hash=entry_hash, taken_at=timezone.now())


def audit_verify(*, anchor: Anchor | None = None) -> Verification:
    """Recompute the chain from the first entry; check it still reaches the anchor if one is given."""
    prev_hash, expected_seq, checked = GENESIS_HASH, 1, 0
    anchor_seen = anchor is None or anchor.seq == 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        problem = _entry_problem(entry, expected_seq, prev_hash)
        if problem:
            return Verification(ok=False, checked=checked, broken_seq=expected_seq, reason=problem)
        if anchor is not None and entry.seq == anchor.seq:
            if entry.entry_hash != anchor.entry_hash:
                reason = f"連番 {entry.seq} のハッシュがアンカーと一致しません（記録が差し替えられています）"
                return Verification(ok=False, checked=checked, broken_seq=entry.seq, reason=reason)
            anchor_seen = True
        prev_hash, expected_seq, checked = entry.entry_hash, expected_seq + 1, checked + 1
    if not anchor_seen:
        assert anchor is not None
        reason = (
            f"アンカー（連番 {anchor.seq}）までの記録がありません。連番 {expected_seq} 以降が失われています"
        )
        return Verification(ok=False, checked=checked, broken_seq=expected_seq, reason=reason)
    return Verification(ok=True, checked=checked)


def _entry_problem(entry: AuditEntry, expected_seq: int, prev_hash: str) -> str:
    if entry.seq != expected_seq:
        return f"連番 {expected_seq} の記録がありません（削除された可能性があります）"
    if entry.prev_hash != prev_hash:
        return f"連番 {entry.seq} の直前ハッシュが前の記録と一致しません"
    content = canonical_content(
        seq=entry.seq,
        at=entry.at,
        actor_username=entry.actor_username,
        department=entry.department,
        client_address=entry.client_address,
        action=entry.action,
        subject=entry.subject,
        detail=entry.detail,
    )
    if chain_hash(prev_hash, content) != entry.entry_hash:
        return f"連番 {entry.seq} の内容がハッシュと一致しません（改ざんされています）"
    return ""
