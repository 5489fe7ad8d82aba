"""Build the hint-free TrueType subsets that each PDF embeds, from glyphs prepared once per font.

reportlab builds every subset from the whole font again (and we then had to strip its hinting).
Here each glyph is read and stripped of its instructions the first time any document uses it,
and the tables that do not depend on the subset are copied once, so a subset is mostly a join.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from typing import Any

from madoguchi.domain.documents.hinting import without_instructions


class Subsetter:
    """Makes hint-free subsets of one parsed reportlab font face (a TTFontFace)."""

    def __init__(self, face: Any) -> None:
        """Keep what every subset of this face shares; glyphs are prepared on first use."""
        self.face = face
        self.char_to_glyph: dict[int, int] = face.charToGlyph
        self.metrics = _metrics(face)
        self._glyf_at = face.get_table_pos("glyf")[0]
        self._glyphs: dict[int, tuple[bytes, tuple[int, ...]]] = {}
        post = face.get_table("post")
        self._static = {tag.encode("latin1").ljust(4): face.get_table(tag) for tag in ("name", "OS/2")}
        self._static[b"post"] = b"\x00\x03\x00\x00" + post[4:16] + b"\x00" * 16
        self._sums = {tag: _checksum(data) for tag, data in self._static.items()}
        self._hhea, self._maxp, self._head = (face.get_table(t) for t in ("hhea", "maxp", "head"))

    def __call__(self, subset: Sequence[int]) -> bytes:
        """Return a TrueType font whose code n draws the character subset[n] (reportlab's makeSubset)."""
        order, position, codes = self._glyph_order(subset)
        glyphs = [self._renumbered(index, position) for index in order]
        offsets = [0]
        for glyph in glyphs:
            offsets.append(offsets[-1] + len(glyph))
        long_offsets = offsets[-1] // 2 > 0xFFFF
        count = len(order)
        tables = {
            **self._static,
            b"cmap": _cmap(codes),
            b"glyf": b"".join(glyphs),
            b"loca": _loca(offsets, long_offsets),
            b"hmtx": b"".join(self.metrics[i] for i in order),
            b"hhea": self._hhea[:34] + struct.pack(">H", count) + self._hhea[36:],
            b"maxp": self._maxp[:4] + struct.pack(">H", count) + self._maxp[6:],
            b"head": self._head[:50] + struct.pack(">h", int(long_offsets)) + self._head[52:],
        }
        return _write_font(b"\x00\x01\x00\x00", tables, self._sums)

    def _glyph_order(self, subset: Sequence[int]) -> tuple[list[int], dict[int, int], list[int]]:
        """Return the font's glyph indices in subset order (components last) and each code's new glyph."""
        order, position = [0], {0: 0}
        codes = []
        for code in subset:
            index = self.char_to_glyph.get(code, 0)
            if index not in position:
                position[index] = len(order)
                order.append(index)
            codes.append(position[index])
        for index in order:  # grows while we walk it: components of components are added too
            data, components = self._glyph(index)
            for at in components:
                component = struct.unpack(">H", data[at : at + 2])[0]
                if component not in position:
                    position[component] = len(order)
                    order.append(component)
        return order, position, codes

    def _renumbered(self, index: int, position: dict[int, int]) -> bytes:
        data, components = self._glyph(index)
        if not components:
            return data
        renumbered = bytearray(data)
        for at in components:
            struct.pack_into(">H", renumbered, at, position[struct.unpack(">H", data[at : at + 2])[0]])
        return bytes(renumbered)

    def _glyph(self, index: int) -> tuple[bytes, tuple[int, ...]]:
        """Return the glyph without instructions, padded to 4 bytes, read from the font once."""
        found = self._glyphs.get(index)
        if found is None:
            start, end = self.face.glyphPos[index], self.face.glyphPos[index + 1]
            raw = self.face._ttf_data[self._glyf_at + start : self._glyf_at + end]
            data, components = without_instructions(bytes(raw))
            found = self._glyphs[index] = (data + b"\0" * (-len(data) % 4), components)
        return found


def _metrics(face: Any) -> list[bytes]:
    """Return each glyph's advance width and left side bearing as they go into hmtx (4 bytes).

    Read from the file: reportlab's own list has the last width scaled to 1000 units per em.
    """
    count = struct.unpack(">H", face.get_table("maxp")[4:6])[0]
    full = struct.unpack(">H", face.get_table("hhea")[34:36])[0]
    hmtx = face.get_table("hmtx")
    metrics = [hmtx[4 * i : 4 * i + 4] for i in range(full)]
    last_width = metrics[-1][:2]
    metrics += [last_width + hmtx[4 * full + 2 * i : 4 * full + 2 * i + 2] for i in range(count - full)]
    return metrics


def _cmap(glyphs: list[int]) -> bytes:
    """Return a cmap with one format 6 (trimmed) Macintosh table: code n → glyphs[n]."""
    count = len(glyphs)
    return struct.pack(f">11H{count}H", 0, 1, 1, 0, 0, 12, 6, 10 + 2 * count, 0, 0, count, *glyphs)


def _loca(offsets: list[int], long_offsets: bool) -> bytes:
    """Return the loca table for these glyph offsets (all even) in the long or short format."""
    if long_offsets:
        return struct.pack(f">{len(offsets)}L", *offsets)
    return struct.pack(f">{len(offsets)}H", *(o // 2 for o in offsets))


def _checksum(data: bytes) -> int:
    """Return the TrueType checksum of a table: the sum of its big-endian 32-bit words."""
    padded = data + b"\0" * (-len(data) % 4)
    words: tuple[int, ...] = struct.unpack(f">{len(padded) // 4}L", padded)
    return sum(words) & 0xFFFFFFFF


def _write_font(version: bytes, tables: dict[bytes, bytes], sums: dict[bytes, int] | None = None) -> bytes:
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
        table_sum = known[tag] if tag in known else _checksum(data)
        total += table_sum
        directory.append(struct.pack(">4sLLL", tag, table_sum, offset, len(data)))
        if tag == b"head":
            head_at = offset
        padded = data + b"\0" * (-len(data) % 4)
        body.append(padded)
        offset += len(padded)
    start = b"".join(directory)
    adjustment = (0xB1B0AFBA - _checksum(start) - total) & 0xFFFFFFFF
    font = bytearray(start + b"".join(body))
    struct.pack_into(">L", font, head_at + 8, adjustment)
    return bytes(font)
