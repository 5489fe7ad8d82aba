"""Anchors: the chain's head at a moment, kept outside the database (one JSON object a line)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any


class AnchorFileError(Exception):
    """An anchor file is missing, unreadable or malformed; the message is Japanese."""


@dataclass(frozen=True)
class Anchor:
    """The head of the chain at `taken_at`, sealed with the audit key (`mac`) when written by us."""

    seq: int
    entry_hash: str
    taken_at: datetime
    key_id: str = ""
    mac: str = ""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"seq": self.seq, "hash": self.entry_hash}
        data["taken_at"] = self.taken_at.isoformat()
        if self.mac:
            data |= {"key_id": self.key_id, "mac": self.mac}
        return data

    @classmethod
    def from_json(cls, data: Any) -> Anchor:
        return cls(
            seq=int(data["seq"]),
            entry_hash=str(data["hash"]),
            taken_at=datetime.fromisoformat(data["taken_at"]),
            key_id=str(data.get("key_id", "")),
            mac=str(data.get("mac", "")),
        )


def anchor_text(anchor: Anchor) -> str:
    """Return the anchor as one line of JSON."""
    return json.dumps(anchor.to_json(), ensure_ascii=False)


def anchor_append(path: Path, anchor: Anchor) -> None:
    """Append one anchor line to the anchor file (created 0600; never rewritten)."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(anchor_text(anchor) + "\n")
    except OSError as error:
        raise AnchorFileError(f"アンカーファイル {path} に書き込めません（{error}）") from None


def anchors_read(path: Path, *, signed_only: bool) -> list[Anchor]:
    """Read every anchor of a file: one JSON object, or one per line (the anchor file)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AnchorFileError(f"アンカーファイル {path} が見つかりません") from None
    except (OSError, UnicodeDecodeError) as error:
        raise AnchorFileError(f"アンカーファイル {path} を読めません（{error}）") from None
    anchors = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            anchor = Anchor.from_json(json.loads(line))
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            where = f"アンカーファイル {path} の{number}行目"
            raise AnchorFileError(f"{where}の形式が正しくありません（{error}）") from None
        if signed_only and not anchor.mac:
            raise AnchorFileError(f"アンカーファイル {path} の{number}行目に署名（mac）がありません")
        anchors.append(anchor)
    return anchors
