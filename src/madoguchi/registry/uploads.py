"""Resident CSVs uploaded for a preview: private files that never outlive their purpose.

An upload waits on disk between the preview and the confirmation. It holds a whole register (and
may carry a 個人番号 column), so it is removed on confirmation, on cancellation, at logout, and at
the latest a few minutes after the upload if the preview was abandoned.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

# Long enough to read a preview and press the button; short enough that an abandoned one goes soon.
PENDING_MAX_AGE_SECONDS = 10 * 60


def _upload_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def _path(staff_pk: int, token: str) -> Path:
    return _upload_dir() / f"{staff_pk}-{token}.csv"


def pending_upload_save(*, staff_pk: int, chunks: Iterable[bytes]) -> str:
    """Write an upload (0600) for one member of staff and return its token; sweep stale ones first."""
    pending_uploads_sweep()
    token = secrets.token_hex(16)
    with os.fdopen(os.open(_path(staff_pk, token), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
        for chunk in chunks:
            out.write(chunk)
    return token


def pending_upload_path(*, staff_pk: int, token: str) -> Path | None:
    """Return the waiting upload, or None when it was removed (confirmed, cancelled or too old)."""
    if not token.isalnum():
        return None
    pending_uploads_sweep()
    path = _path(staff_pk, token)
    return path if path.is_file() else None


def pending_upload_discard(*, staff_pk: int, token: str) -> None:
    """Remove one waiting upload."""
    if token.isalnum():
        _path(staff_pk, token).unlink(missing_ok=True)


def pending_uploads_discard_for(*, staff_pk: int) -> None:
    """Remove every upload a member of staff left waiting (at logout or session expiry)."""
    for path in _upload_dir().glob(f"{staff_pk}-*.csv"):
        path.unlink(missing_ok=True)


def pending_uploads_stale(*, max_age_seconds: int = PENDING_MAX_AGE_SECONDS) -> list[Path]:
    """Return the uploads older than the limit, whoever left them."""
    stale = time.time() - max_age_seconds
    found = []
    for path in _upload_dir().glob("*.csv"):
        try:
            if path.stat().st_mtime < stale:
                found.append(path)
        except FileNotFoundError:  # another process removed it first
            continue
    return found


def pending_uploads_sweep(*, max_age_seconds: int = PENDING_MAX_AGE_SECONDS) -> int:
    """Remove uploads older than the limit, whoever left them; return how many were removed."""
    stale = pending_uploads_stale(max_age_seconds=max_age_seconds)
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)
