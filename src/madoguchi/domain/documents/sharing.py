"""Keep one copy of identical fonts that several base forms embed.

A city's forms usually come from one tool with the same fonts, and each base PDF carries its own
copy. Each base form's fonts get a key (program, widths, ToUnicode map) once, when the base PDF
is first read; in a bundle, a font whose key was already copied is replaced by that copy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import pikepdf


def font_keys(form: pikepdf.Object) -> dict[str, bytes]:
    """Return, for each embedded simple font the form uses, a key equal for identical fonts."""
    resources = form.get("/Resources")
    fonts = resources.get("/Font") if resources is not None else None
    if fonts is None:
        return {}
    keys = {str(name): _font_key(font) for name, font in fonts.items()}
    return {name: key for name, key in keys.items() if key}


def share_fonts(form: pikepdf.Object, keys: Mapping[str, bytes], seen: dict[bytes, pikepdf.Object]) -> None:
    """Point the copied form's fonts at identical fonts copied before; remember the new ones."""
    if not keys:
        return
    fonts = form.Resources.Font
    for name, key in keys.items():
        first = seen.setdefault(key, fonts[name])
        if first.objgen != fonts[name].objgen:
            fonts[name] = first


def _font_key(font: pikepdf.Object) -> bytes:
    """Return what makes two embedded simple fonts interchangeable, or b'' for any other font."""
    descriptor = font.get("/FontDescriptor")
    program = descriptor.get("/FontFile2") if descriptor is not None else None
    if program is None or "/DescendantFonts" in font:
        return b""
    parts = [program.read_raw_bytes()]
    for key in ("/BaseFont", "/Subtype", "/FirstChar", "/LastChar", "/Widths", "/Encoding"):
        value = font.get(key)
        parts.append(value.unparse() if isinstance(value, pikepdf.Object) else str(value).encode())
    to_unicode = font.get("/ToUnicode")
    parts.append(to_unicode.read_raw_bytes() if to_unicode is not None else b"")
    return hashlib.blake2b(b"\0".join(parts), digest_size=16).digest()
