"""The audit keys: outside the database, in MADOGUCHI_AUDIT_KEY or the key file, read once per process."""

from __future__ import annotations

import functools
import hashlib
import os
import re
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

KEY_ID_LENGTH = 8
_KEY_SHAPE = re.compile(r"[A-Za-z0-9_-]{32,}")
_KEY_RULE = "英数字と「-」「_」で32文字以上"


class AuditKeyError(Exception):
    """The audit key is missing or unusable; the message says what to do, in Japanese."""


@dataclass(frozen=True)
class Keyring:
    """The keys by id, the current one (used for new entries) first; older ones only verify."""

    keys: dict[str, bytes]

    @property
    def current_id(self) -> str:
        return next(iter(self.keys))

    @property
    def current_key(self) -> bytes:
        return self.keys[self.current_id]


def key_id_of(secret: str) -> str:
    """Return the short id an entry records for the key that sealed it."""
    return hashlib.sha256(secret.encode("ascii")).hexdigest()[:KEY_ID_LENGTH]


def new_key() -> str:
    """Return a fresh random key in the documented shape."""
    return secrets.token_urlsafe(32)


def audit_keyring(*, create: bool = False) -> Keyring:
    """Return the audit keys; with `create`, make the key file on first start when there is none."""
    return _load(settings.AUDIT_KEY, str(settings.AUDIT_KEY_FILE), create)


@functools.lru_cache(maxsize=8)
def _load(env_value: str, key_file: str, create: bool) -> Keyring:
    if env_value.strip():
        return parse_keys(env_value, source="環境変数 MADOGUCHI_AUDIT_KEY")
    path = Path(key_file)
    if create and not path.exists():
        _create_key_file(path)
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise AuditKeyError(
            "監査ログの鍵がありません"
            f"（環境変数 MADOGUCHI_AUDIT_KEY が空で、鍵ファイル {path} もありません）。"
            "保管してある鍵ファイルを元の場所に戻すか、MADOGUCHI_AUDIT_KEY に鍵を設定してください"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise AuditKeyError(f"監査ログの鍵ファイル {path} を読めません（{error}）") from None
    return parse_keys(text, source=f"鍵ファイル {path}")


def parse_keys(text: str, *, source: str) -> Keyring:
    """Read keys separated by newlines or commas, current first; `#` starts a comment."""
    items = [item.strip() for line in text.splitlines() for item in line.split("#", 1)[0].split(",")]
    keys: dict[str, bytes] = {}
    for number, secret in enumerate((item for item in items if item), start=1):
        if not _KEY_SHAPE.fullmatch(secret):
            raise AuditKeyError(f"{source} の{number}番目の監査ログ鍵の形式が正しくありません（{_KEY_RULE}）")
        key_id = key_id_of(secret)
        if key_id in keys:
            raise AuditKeyError(f"{source} に同じ監査ログ鍵（鍵ID {key_id}）が2回あります")
        keys[key_id] = secret.encode("ascii")
    if not keys:
        raise AuditKeyError(f"{source} に監査ログの鍵がありません")
    return Keyring(keys=keys)


def _create_key_file(path: Path) -> None:
    """Write a new random key (0600) in a directory only the app's user may enter (0700)."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.parent.chmod(0o700)
        # A draft name of its own (0600) per caller: threads of one process start alongside too.
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        draft = Path(name)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(new_key() + "\n")
        _link_once(draft, path)
    except OSError as error:
        raise AuditKeyError(f"監査ログの鍵ファイル {path} を作れません（{error}）") from None


def _link_once(draft: Path, path: Path) -> None:
    # A link appears whole or not at all: a process starting alongside never reads a half-written key.
    try:
        os.link(draft, path)
    except FileExistsError:
        pass  # another process made it first; every process reads that one
    finally:
        draft.unlink()
