"""Remove TrueType hinting instructions from a small font subset, to halve what each PDF embeds.

IPAex glyphs carry more bytes of hinting program than of outline. Printed forms and screen
previews at today's resolutions do not need them, so the subsets reportlab embeds are rewritten
without them: simple glyphs lose their instructions, tables are laid out again with checksums.
"""

from __future__ import annotations

import itertools
import struct

_DROPPED_TABLES = {b"fpgm", b"prep", b"cvt "}


def strip_hinting(font: bytes) -> bytes:
    """Return the TrueType font without glyph instructions (and without fpgm/prep/cvt)."""
    tables = _read_tables(font)
    if b"glyf" not in tables or b"loca" not in tables or b"head" not in tables:
        return font
    long_offsets = struct.unpack(">h", tables[b"head"][50:52])[0] == 1
    glyphs = _glyphs(tables[b"glyf"], tables[b"loca"], long_offsets)
    stripped = [_without_instructions(glyph) for glyph in glyphs]
    tables[b"glyf"], tables[b"loca"] = _glyf_and_loca(stripped, long_offsets)
    for tag in _DROPPED_TABLES:
        tables.pop(tag, None)
    return _write_tables(font[:4], tables)


def _read_tables(font: bytes) -> dict[bytes, bytes]:
    count = struct.unpack(">H", font[4:6])[0]
    tables: dict[bytes, bytes] = {}
    for index in range(count):
        tag, _, offset, length = struct.unpack(">4sLLL", font[12 + 16 * index : 28 + 16 * index])
        tables[tag] = font[offset : offset + length]
    return tables


def _glyphs(glyf: bytes, loca: bytes, long_offsets: bool) -> list[bytes]:
    fmt, size = (">L", 4) if long_offsets else (">H", 2)
    offsets = [struct.unpack(fmt, loca[i : i + size])[0] for i in range(0, len(loca), size)]
    scale = 1 if long_offsets else 2
    return [glyf[a * scale : b * scale] for a, b in itertools.pairwise(offsets)]


def _without_instructions(glyph: bytes) -> bytes:
    if len(glyph) < 12:
        return glyph
    contours = struct.unpack(">h", glyph[:2])[0]
    if contours < 0:
        return glyph  # composite glyphs keep their (rare) instructions
    at = 10 + 2 * contours
    length = struct.unpack(">H", glyph[at : at + 2])[0]
    return glyph[:at] + b"\0\0" + glyph[at + 2 + length :]


def _glyf_and_loca(glyphs: list[bytes], long_offsets: bool) -> tuple[bytes, bytes]:
    data, offsets, position = [], [0], 0
    for glyph in glyphs:
        padded = glyph + b"\0" * (-len(glyph) % 4)
        data.append(padded)
        position += len(padded)
        offsets.append(position)
    if long_offsets:
        loca = struct.pack(f">{len(offsets)}L", *offsets)
    else:
        loca = struct.pack(f">{len(offsets)}H", *(o // 2 for o in offsets))
    return b"".join(data), loca


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    words: tuple[int, ...] = struct.unpack(f">{len(padded) // 4}L", padded)
    return sum(words) & 0xFFFFFFFF


def _write_tables(version: bytes, tables: dict[bytes, bytes]) -> bytes:
    tables[b"head"] = tables[b"head"][:8] + b"\0\0\0\0" + tables[b"head"][12:]
    tags = sorted(tables)
    count = len(tags)
    power = 1 << (count.bit_length() - 1)
    header = version + struct.pack(
        ">HHHH", count, power * 16, power.bit_length() - 1, count * 16 - power * 16
    )
    offset = 12 + 16 * count
    directory, body = b"", b""
    for tag in tags:
        data = tables[tag]
        directory += struct.pack(">4sLLL", tag, _checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    font = header + directory + body
    adjustment = (0xB1B0AFBA - _checksum(font)) & 0xFFFFFFFF
    head_at = (
        12 + 16 * count + sum(len(tables[t]) + (-len(tables[t]) % 4) for t in tags[: tags.index(b"head")])
    )
    return font[: head_at + 8] + struct.pack(">L", adjustment) + font[head_at + 12 :]
