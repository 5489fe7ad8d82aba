"""The backup keys: 256-bit AES keys kept apart from the backups and never the audit key."""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets
from pathlib import Path

from django.conf import settings

from madoguchi.audit.keys import AuditKeyError, audit_keyring

KEY_BYTES = 32


class BackupKeyError(Exception):
    """The backup key is missing, malformed or the audit key; the message says what to do."""


def backup_key_id(key: bytes) -> str:
    """Return the short id a backup's header records for the key that sealed it."""
    return hashlib.sha256(b"madoguchi-backup:" + key).hexdigest()[:8]


def backup_keys(*, create: bool = False) -> dict[str, bytes]:
    """Return the backup keys by id, the current one first; with `create`, make the key file once."""
    source, text = _key_text(create=create)
    keys: dict[str, bytes] = {}
    lines = [line.split("#", 1)[0].strip() for line in text.replace(",", "\n").splitlines()]
    for number, line in enumerate((line for line in lines if line), start=1):
        try:
            key = base64.urlsafe_b64decode(line.encode("ascii"))
        except (binascii.Error, UnicodeEncodeError, ValueError):
            key = b""
        if len(key) != KEY_BYTES:
            raise BackupKeyError(
                f"{source} の{number}番目のバックアップ鍵の形式が正しくありません"
                "（`madoguchi backup newkey` が出力する44文字の文字列）"
            )
        keys[backup_key_id(key)] = key
    if not keys:
        raise BackupKeyError(f"{source} にバックアップ鍵がありません")
    _refuse_audit_key(lines)
    return keys


def new_backup_key() -> str:
    """Return a fresh random key in its text form."""
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def _key_text(*, create: bool) -> tuple[str, str]:
    if settings.BACKUP_KEY.strip():
        return "環境変数 MADOGUCHI_BACKUP_KEY", settings.BACKUP_KEY
    path = Path(settings.BACKUP_KEY_FILE)
    if path.resolve() == Path(settings.AUDIT_KEY_FILE).resolve():
        raise BackupKeyError(
            "バックアップ鍵のファイルに監査ログの鍵ファイルは使えません（別のファイルにしてください）"
        )
    if create and not path.exists():
        _create(path)
    try:
        return f"鍵ファイル {path}", path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise BackupKeyError(
            "バックアップ鍵がありません（環境変数 MADOGUCHI_BACKUP_KEY が空で、"
            f"鍵ファイル {path} もありません）。"
            "別に保管してあるバックアップ鍵を元の場所に戻すか、MADOGUCHI_BACKUP_KEY に設定してください"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise BackupKeyError(f"バックアップ鍵のファイル {path} を読めません（{error}）") from None


def _refuse_audit_key(lines: list[str]) -> None:
    # The audit key must never travel with the data it protects; a shared key would put it there.
    try:
        audit_secrets = {key.decode("ascii") for key in audit_keyring().keys.values()}
    except AuditKeyError:  # no audit key configured yet: nothing to compare with
        return
    if audit_secrets.intersection(lines):
        raise BackupKeyError(
            "バックアップ鍵に監査ログの鍵は使えません。`madoguchi backup newkey` で別の鍵を作ってください"
        )


def _create(path: Path) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(new_backup_key() + "\n")
    except FileExistsError:
        pass  # made by a backup started alongside
    except OSError as error:
        raise BackupKeyError(f"バックアップ鍵のファイル {path} を作れません（{error}）") from None
