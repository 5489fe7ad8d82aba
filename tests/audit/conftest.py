"""Every audit test gets its own key file and anchor file, outside the database."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class AuditFiles:
    key_file: Path
    anchor_file: Path


@pytest.fixture(autouse=True)
def audit_files(settings, tmp_path) -> AuditFiles:
    files = AuditFiles(key_file=tmp_path / "keys" / "audit_key", anchor_file=tmp_path / "anchors.jsonl")
    settings.AUDIT_KEY = ""
    settings.AUDIT_KEY_FILE = files.key_file
    settings.AUDIT_ANCHOR_FILE = files.anchor_file
    return files
