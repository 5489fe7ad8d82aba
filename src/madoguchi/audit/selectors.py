"""Read the audit trail: filtered listings and chain verification."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from madoguchi.accounts.models import Department
from madoguchi.audit.anchors import Anchor, anchors_read
from madoguchi.audit.chain import GENESIS_HASH, PRUNE_ACTION, anchor_seal, entry_seal, seals_match
from madoguchi.audit.keys import Keyring, audit_keyring
from madoguchi.audit.models import AuditEntry


def audit_entries(
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    staff: str = "",
    action: str = "",
    subject: str = "",
    resident: str = "",
) -> QuerySet[AuditEntry]:
    """Return entries matching the auditor's filters, newest first. Dates are local (Asia/Tokyo) days.

    ``resident`` (resident:<pk>) finds the entries about that person: as subject, or listed in the
    detail (``shown``, ``restricted_shown``, a case's person). Quoted, so resident:1 misses resident:12.
    """
    entries = AuditEntry.objects.all()
    if resident:
        mentioned = Cast("detail", TextField())
        entries = entries.alias(detail_text=mentioned).filter(
            Q(subject=resident) | Q(detail_text__contains=f'"{resident}"')
        )
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
class Verification:
    """The result of checking the chain: ok, or the first entry where it breaks and why."""

    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""
    unkeyed: int = 0  # entries from before the audit key, checked by the older unkeyed rule


def department_names() -> dict[str, str]:
    """Return the name of every department by code, to show names where entries keep codes."""
    return dict(Department.objects.values_list("code", "name"))


@dataclass(frozen=True)
class InstallationCheck:
    """The chain checked against this installation's anchor file, if it has one."""

    result: Verification
    anchors: tuple[Anchor, ...]
    anchor_file_exists: bool

    @property
    def last_anchored(self) -> int:
        """Return the highest seq an anchor vouches for (0 without anchors)."""
        return max((anchor.seq for anchor in self.anchors), default=0)


def audit_verify_installation(*, extra: Sequence[Anchor] = ()) -> InstallationCheck:
    """Verify the chain against the sealed anchors of settings.AUDIT_ANCHOR_FILE (and any extra ones).

    Raises AuditKeyError or AnchorFileError when the key or the anchor file cannot be read.
    """
    anchor_file = settings.AUDIT_ANCHOR_FILE
    exists = anchor_file.exists()
    # Anchors written by `serve` and `audit anchor --append` are always sealed.
    anchors = (*(anchors_read(anchor_file, signed_only=True) if exists else []), *extra)
    return InstallationCheck(audit_verify(anchors=anchors), anchors, exists)


def audit_anchor() -> Anchor:
    """Return the current head of the chain, sealed with the current audit key."""
    head = AuditEntry.objects.order_by("-seq").values_list("seq", "entry_hash").first()
    seq, entry_hash = head if head else (0, GENESIS_HASH)
    keyring, taken_at = audit_keyring(create=True), timezone.now()
    mac = anchor_seal(
        key=keyring.current_key, key_id=keyring.current_id, seq=seq, entry_hash=entry_hash, taken_at=taken_at
    )
    return Anchor(seq=seq, entry_hash=entry_hash, taken_at=taken_at, key_id=keyring.current_id, mac=mac)


def audit_verify(*, anchors: Sequence[Anchor] = ()) -> Verification:
    """Recompute the chain from the first entry; check it matches and still reaches every anchor.

    Raises AuditKeyError when a key the check needs is not configured at all.
    """
    keys = _Keys()
    for anchor in anchors:
        if anchor.mac and not _anchor_sealed(anchor, keys):
            reason = (
                f"アンカー（連番 {anchor.seq}、{anchor.taken_at:%Y-%m-%d %H:%M}）の署名が一致しません"
                "（アンカーが改ざんされています）"
            )
            return Verification(ok=False, checked=0, broken_seq=anchor.seq, reason=reason)
    anchored: dict[int, set[str]] = {}
    for anchor in anchors:
        anchored.setdefault(anchor.seq, set()).add(anchor.entry_hash)
    expected_seq, prev_hash = _chain_start()
    checked, unkeyed = 0, 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        problem = _entry_problem(entry, expected_seq, prev_hash, keys, keyed_before=checked > unkeyed)
        if not problem and anchored.get(entry.seq, {entry.entry_hash}) != {entry.entry_hash}:
            problem = f"連番 {entry.seq} のハッシュがアンカーと一致しません（記録が差し替えられています）"
        if problem:
            return Verification(False, checked, broken_seq=expected_seq, reason=problem, unkeyed=unkeyed)
        prev_hash, expected_seq, checked = entry.entry_hash, expected_seq + 1, checked + 1
        unkeyed += not entry.key_id
    last_anchored = max(anchored, default=0)
    if last_anchored >= expected_seq:
        reason = (
            f"アンカー（連番 {last_anchored}）までの記録がありません。"
            f"連番 {expected_seq} 以降が失われています"
        )
        return Verification(False, checked, broken_seq=expected_seq, reason=reason, unkeyed=unkeyed)
    return Verification(ok=True, checked=checked, unkeyed=unkeyed)


def _chain_start() -> tuple[int, str]:
    """Return the first seq and the hash before it: after the newest pruning checkpoint, or genesis.

    The checkpoint is itself a sealed entry of the chain, so the walk below checks it too.
    """
    checkpoint = (
        AuditEntry.objects.filter(action=PRUNE_ACTION)
        .order_by("-seq")
        .values_list("detail", flat=True)
        .first()
    )
    if not isinstance(checkpoint, dict):
        return 1, GENESIS_HASH
    try:
        return int(checkpoint["through_seq"]) + 1, str(checkpoint["through_hash"])
    except (KeyError, TypeError, ValueError):
        return 1, GENESIS_HASH  # a damaged checkpoint: the walk then reports the first missing entry


class _Keys:
    """The keyring, read only when a keyed entry or a sealed anchor needs it (older chains need none)."""

    def __init__(self) -> None:
        self._keyring: Keyring | None = None

    def get(self, key_id: str) -> bytes | None:
        if self._keyring is None:
            self._keyring = audit_keyring()
        return self._keyring.keys.get(key_id)


def _anchor_sealed(anchor: Anchor, keys: _Keys) -> bool:
    key = keys.get(anchor.key_id)
    if key is None:
        return False
    expected = anchor_seal(
        key=key, key_id=anchor.key_id, seq=anchor.seq, entry_hash=anchor.entry_hash, taken_at=anchor.taken_at
    )
    return seals_match(expected, anchor.mac)


def _entry_problem(
    entry: AuditEntry, expected_seq: int, prev_hash: str, keys: _Keys, *, keyed_before: bool
) -> str:
    if entry.seq != expected_seq:
        return f"連番 {expected_seq} の記録がありません（削除された可能性があります）"
    if entry.prev_hash != prev_hash:
        return f"連番 {entry.seq} の直前ハッシュが前の記録と一致しません"
    if not entry.key_id and keyed_before:
        return (
            f"連番 {entry.seq} は鍵のない記録ですが、鍵付きの記録より後にあります"
            "（鍵なしで偽造・再計算されています）"
        )
    key = keys.get(entry.key_id) if entry.key_id else None
    if entry.key_id and key is None:
        return (
            f"連番 {entry.seq} の鍵ID {entry.key_id} の鍵が設定にありません"
            "（ローテーション前の鍵を鍵ファイルの2行目以降に残してください。残しているなら鍵IDが改ざんされています）"
        )
    if not seals_match(entry_seal(entry, key), entry.entry_hash):
        return f"連番 {entry.seq} の内容が署名と一致しません（改ざんされています）"
    return ""
