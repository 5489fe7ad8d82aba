"""A sealed stream: AES-256-GCM in chunks, so that a file of any size is encrypted in constant memory.

Layout (docs/deployment.md, 「バックアップファイルの形式」)::

    MAGIC                       19 bytes  b"MADOGUCHI-BACKUP-1\\n"
    header length               4 bytes   big-endian
    header                      UTF-8 JSON, in clear: cipher, chunk size, key id, nonce prefix, time
    chunk*                      4-byte big-endian length, then ciphertext with its 16-byte tag

Chunk n is sealed with nonce = prefix (7 random bytes) + n (4 bytes) + final flag (1 byte), and
with MAGIC + length + header as associated data: the header cannot be changed, chunks cannot be
reordered, dropped or swapped between files, and a file cut short lacks its final chunk.
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Iterator
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"MADOGUCHI-BACKUP-1\n"
CHUNK_BYTES = 1024 * 1024
_LENGTH = struct.Struct(">I")
_TAG_BYTES = 16
_PREFIX_BYTES = 7
# A header is a few hundred bytes; anything larger is not one of ours.
_MAX_HEADER_BYTES = 64 * 1024


class SealedError(Exception):
    """The stream is not a backup, is damaged or altered, or needs another key; the message is Japanese."""


def _nonce(prefix: bytes, number: int, *, final: bool) -> bytes:
    return prefix + number.to_bytes(4, "big") + (b"\x01" if final else b"\x00")


class SealedWriter:
    """Encrypt what is written to `out` chunk by chunk; `close()` writes the final chunk."""

    def __init__(self, out: BinaryIO, *, key: bytes, header: dict[str, Any]) -> None:
        self._out, self._aead, self._prefix = out, AESGCM(key), os.urandom(_PREFIX_BYTES)
        clear = header | {
            "cipher": "AES-256-GCM",
            "chunk_bytes": CHUNK_BYTES,
            "nonce_prefix": self._prefix.hex(),
        }
        header_bytes = json.dumps(clear, ensure_ascii=False, sort_keys=True).encode("utf-8")
        self._aad = MAGIC + _LENGTH.pack(len(header_bytes)) + header_bytes
        out.write(self._aad)
        self._buffer, self._number = bytearray(), 0

    def write(self, data: bytes) -> None:
        self._buffer += data
        while len(self._buffer) > CHUNK_BYTES:
            self._seal(bytes(self._buffer[:CHUNK_BYTES]), final=False)
            del self._buffer[:CHUNK_BYTES]

    def close(self) -> None:
        self._seal(bytes(self._buffer), final=True)
        self._buffer.clear()

    def _seal(self, plain: bytes, *, final: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._prefix, self._number, final=final), plain, self._aad)
        self._out.write(_LENGTH.pack(len(sealed)) + sealed)
        self._number += 1


def read_header(inp: BinaryIO) -> tuple[dict[str, Any], bytes]:
    """Read the clear header; return it and the bytes that authenticate it (associated data)."""
    if inp.read(len(MAGIC)) != MAGIC:
        raise SealedError("Madoguchi のバックアップファイルではありません（先頭の識別子が違います）")
    length_bytes = inp.read(_LENGTH.size)
    length = _LENGTH.unpack(length_bytes)[0] if len(length_bytes) == _LENGTH.size else -1
    if not 0 < length <= _MAX_HEADER_BYTES:
        raise SealedError("バックアップファイルのヘッダが壊れています")
    header_bytes = inp.read(length)
    try:
        header = json.loads(header_bytes.decode("utf-8"))
        bytes.fromhex(header["nonce_prefix"])
        int(header["chunk_bytes"])
    except (ValueError, KeyError, TypeError):
        raise SealedError("バックアップファイルのヘッダが壊れています") from None
    return header, MAGIC + length_bytes + header_bytes


def read_chunks(inp: BinaryIO, *, key: bytes) -> Iterator[bytes]:
    """Yield the plaintext chunk by chunk, each only after its tag is checked; raise on any damage."""
    header, aad = read_header(inp)
    aead, prefix = AESGCM(key), bytes.fromhex(header["nonce_prefix"])
    limit = int(header["chunk_bytes"]) + _TAG_BYTES
    number = 0
    while True:
        length_bytes = inp.read(_LENGTH.size)
        if len(length_bytes) < _LENGTH.size:
            raise SealedError("バックアップファイルが途中で切れています（最後の区切りがありません）")
        length = _LENGTH.unpack(length_bytes)[0]
        sealed = inp.read(length) if _TAG_BYTES <= length <= limit else b""
        if len(sealed) != length or not sealed:
            raise SealedError(f"バックアップファイルの{number + 1}番目の区切りが壊れています")
        plain, final = _open(aead, prefix, number, sealed, aad)
        yield plain
        if final:
            break
        number += 1
    if inp.read(1):
        raise SealedError(
            "バックアップファイルの最後の区切りの後に余分なデータがあります（改ざんされています）"
        )


def _open(aead: AESGCM, prefix: bytes, number: int, sealed: bytes, aad: bytes) -> tuple[bytes, bool]:
    for final in (False, True):
        try:
            return aead.decrypt(_nonce(prefix, number, final=final), sealed, aad), final
        except InvalidTag:
            continue
    raise SealedError(
        f"バックアップファイルの{number + 1}番目の区切りを復号できません"
        "（改ざんされているか、ヘッダが書き換えられています）"
    )
