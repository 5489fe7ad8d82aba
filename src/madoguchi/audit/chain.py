"""Chain arithmetic, kept free of the ORM so verification and writing share one definition.

Keyed entries carry HMAC-SHA256 over every stored field (prev_hash and the key id included), made
with a key kept outside the database. Entries written before keys existed carry the old unkeyed
link SHA-256(prev_hash + content) and are checked by that rule only.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from typing import Any, Protocol

GENESIS_HASH = "0" * 64
# The entry that records a pruning: its sealed detail names the last removed entry (through_seq/hash).
PRUNE_ACTION = "audit.prune"


class ChainFields(Protocol):
    """The stored fields of an entry that its seal covers (an AuditEntry has them all)."""

    @property
    def seq(self) -> int: ...
    @property
    def at(self) -> datetime: ...
    @property
    def actor_id(self) -> int | None: ...
    @property
    def actor_username(self) -> str: ...
    @property
    def department(self) -> str: ...
    @property
    def client_address(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def detail(self) -> Any: ...
    @property
    def prev_hash(self) -> str: ...
    @property
    def key_id(self) -> str: ...


def canonical_json(payload: dict[str, Any]) -> str:
    """Serialise a payload the one way the chain and the anchors seal it."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def canonical_content(entry: ChainFields) -> str:
    """Serialise an entry's content the one way the chain seals it."""
    payload = {
        "seq": entry.seq,
        "at": entry.at.isoformat(timespec="microseconds"),
        "actor": entry.actor_username,
        "department": entry.department,
        "address": entry.client_address,
        "action": entry.action,
        "subject": entry.subject,
        "detail": entry.detail,
    }
    if entry.key_id:
        # Keyed entries cover every stored field; unkeyed ones keep the layout they were hashed with.
        payload |= {"actor_id": entry.actor_id, "prev": entry.prev_hash, "key_id": entry.key_id}
    return canonical_json(payload)


def entry_seal(entry: ChainFields, key: bytes | None) -> str:
    """Return the entry's seal: HMAC-SHA256 with the key, or the unkeyed link of older entries."""
    content = canonical_content(entry).encode("utf-8")
    if key is None:
        return hashlib.sha256(entry.prev_hash.encode("utf-8") + content).hexdigest()
    return hmac.new(key, content, hashlib.sha256).hexdigest()


def anchor_seal(*, key: bytes, key_id: str, seq: int, entry_hash: str, taken_at: datetime) -> str:
    """Return HMAC-SHA256 over an anchor, so that one cannot be written without the key."""
    payload = {
        "kind": "anchor",
        "key_id": key_id,
        "seq": seq,
        "hash": entry_hash,
        "taken_at": taken_at.isoformat(timespec="microseconds"),
    }
    return hmac.new(key, canonical_json(payload).encode("utf-8"), hashlib.sha256).hexdigest()


def seals_match(expected: str, stored: str) -> bool:
    """Compare seals in constant time."""
    return hmac.compare_digest(expected.encode("ascii"), stored.encode("ascii", "replace"))
