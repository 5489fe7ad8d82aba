"""Hash chain arithmetic, kept free of the ORM so verification and writing share one definition."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64


def canonical_content(
    *,
    seq: int,
    at: datetime,
    actor_username: str,
    department: str,
    client_address: str,
    action: str,
    subject: str,
    detail: dict[str, Any],
) -> str:
    """Serialise an entry's content the one way the chain hashes it."""
    payload = {
        "seq": seq,
        "at": at.isoformat(timespec="microseconds"),
        "actor": actor_username,
        "department": department,
        "address": client_address,
        "action": action,
        "subject": subject,
        "detail": detail,
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def chain_hash(prev_hash: str, content: str) -> str:
    """Return SHA-256 of the previous hash followed by this entry's canonical content."""
    return hashlib.sha256((prev_hash + content).encode("utf-8")).hexdigest()
