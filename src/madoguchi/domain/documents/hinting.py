"""Remove TrueType hinting instructions from glyphs and fonts, to halve what each PDF embeds.

IPAex glyphs carry more bytes of hinting program than of outline. Printed forms and screen
previews at today's resolutions do not need them, so embedded subsets go without them: glyphs
lose their instructions, fpgm/prep/cvt are dropped, tables are laid out again with checksums.
"""

from __future__ import annotations

import itertools
import struct

DROPPED_TABLES = frozenset({b"fpgm", b"prep", b"cvt "})
# Composite glyph flags (OpenType glyf table).
ARGS_ARE_WORDS, HAS_SCALE, MORE_COMPONENTS, HAS_XY_SCALE, HAS_2X2, HAS_INSTRUCTIONS = (
    0x1,
    0x8,
    0x20,
    0x40,
    0x80,
    0x100,
)


def strip_hinting(font: bytes) -> bytes:
    """Return the TrueType font without glyph instructions (and without fpgm/prep/cvt)."""
    tables = _read_tables(font)
    if b"glyf" not in tables or b"loca" not in tables or b"head" not in tables:
        return font
    long_offsets = struct.unpack(">h", tables[b"head"][50:52])[0] == 1
    glyphs = _glyphs(tables[b"glyf"], tables[b"loca"], long_offsets)
    stripped = [without_instructions(glyph)[0] for glyph in glyphs]
    tables[b"glyf"], tables[b"loca"] = _glyf_and_loca(stripped, long_offsets)
    for tag in DROPPED_TABLES:
        tables.pop(tag, None)
    return write_font(font[:4], tables)


def without_instructions(glyph: bytes) -> tuple[bytes, tuple[int, ...]]:
    """Return the glyph without its instructions, and where a composite names its components.

    The second item lists the byte offsets of the component glyph indices (empty for a simple glyph).
    """
    if len(glyph) < 12:
        return glyph, ()
    contours = struct.unpack(">h", glyph[:2])[0]
    if contours < 0:
        return _composite_without_instructions(glyph)
    at = 10 + 2 * contours
    length = struct.unpack(">H", glyph[at : at + 2])[0]
    return glyph[:at] + b"\0\0" + glyph[at + 2 + length :], ()


def _composite_without_instructions(glyph: bytes) -> tuple[bytes, tuple[int, ...]]:
    data = bytearray(glyph)
    at, indices, flags = 10, [], MORE_COMPONENTS
    while flags & MORE_COMPONENTS:
        flags = struct.unpack(">H", data[at : at + 2])[0]
        struct.pack_into(">H", data, at, flags & ~HAS_INSTRUCTIONS)
        indices.append(at + 2)
        at += 4 + (4 if flags & ARGS_ARE_WORDS else 2)
        at += 2 if flags & HAS_SCALE else 4 if flags & HAS_XY_SCALE else 8 if flags & HAS_2X2 else 0
    return bytes(data[:at]), tuple(indices)


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


def _glyf_and_loca(glyphs: list[bytes], long_offsets: bool) -> tuple[bytes, bytes]:
    padded = [glyph + b"\0" * (-len(glyph) % 4) for glyph in glyphs]
    offsets = [0, *itertools.accumulate(map(len, padded))]
    return b"".join(padded), loca_table(offsets, long_offsets)


def loca_table(offsets: list[int], long_offsets: bool) -> bytes:
    """Return the loca table for these glyph offsets (all even) in the long or short format."""
    if long_offsets:
        return struct.pack(f">{len(offsets)}L", *offsets)
    return struct.pack(f">{len(offsets)}H", *(o // 2 for o in offsets))


def checksum(data: bytes) -> int:
    """Return the TrueType checksum of a table: the sum of its big-endian 32-bit words."""
    padded = data + b"\0" * (-len(data) % 4)
    words: tuple[int, ...] = struct.unpack(f">{len(padded) // 4}L", padded)
    return sum(words) & 0xFFFFFFFF


def write_font(version: bytes, tables: dict[bytes, bytes], sums: dict[bytes, int] | None = None) -> bytes:
    """Lay out the tables as a TrueType file and set head's checksum adjustment.

    `sums` may give the checksums of tables already known (those not given are computed).
    """
    tables = {**tables, b"head": tables[b"head"][:8] + b"\0\0\0\0" + tables[b"head"][12:]}
    known = sums or {}
    tags = sorted(tables)
    count = len(tags)
    power = 1 << (count.bit_length() - 1)
    header = version + struct.pack(
        ">HHHH", count, power * 16, power.bit_length() - 1, count * 16 - power * 16
    )
    offset = 12 + 16 * count
    directory, body, total, head_at = [header], [], 0, 0
    for tag in tags:
        data = tables[tag]
        table_sum = known[tag] if tag in known else checksum(data)
        total += table_sum
        directory.append(struct.pack(">4sLLL", tag, table_sum, offset, len(data)))
        if tag == b"head":
            head_at = offset
        padded = data + b"\0" * (-len(data) % 4)
        body.append(padded)
        offset += len(padded)
    start = b"".join(directory)
    adjustment = (0xB1B0AFBA - checksum(start) - total) & 0xFFFFFFFF
    font = bytearray(start + b"".join(body))
    struct.pack_into(">L", font, head_at + 8, adjustment)
    return bytes(font)
