"""Remove TrueType hinting instructions from glyphs, to halve what each PDF embeds.

IPAex glyphs carry more bytes of hinting program than of outline. Printed forms and screen
previews at today's resolutions do not need them, so embedded subsets go without them: glyphs
lose their instructions and the subsets leave out fpgm/prep/cvt (subset.py).
"""

from __future__ import annotations

import struct

# Composite glyph flags (OpenType glyf table).
ARGS_ARE_WORDS, HAS_SCALE, MORE_COMPONENTS, HAS_XY_SCALE, HAS_2X2, HAS_INSTRUCTIONS = (
    0x1,
    0x8,
    0x20,
    0x40,
    0x80,
    0x100,
)


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
