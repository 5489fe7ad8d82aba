"""The procedure pack and form layouts, loaded once per process and reloaded when a file changes."""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path

from django.conf import settings

from madoguchi.domain.documents import FontPaths, FormLayout, load_layouts
from madoguchi.domain.packs import Pack, load_pack

_LOCK = threading.Lock()
_CACHE: dict[str, tuple[tuple[str, int], object]] = {}
# Files are looked at most once a second: an edited pack is picked up within a second.
CHECK_SECONDS = 1.0
_CHECKED: dict[str, tuple[float, tuple[str, int]]] = {}


def pack_dir() -> Path:
    """Return the pack directory of this installation (setting MADOGUCHI_PACK_DIR)."""
    return Path(settings.MADOGUCHI_PACK_DIR)


def _stamp(root: Path) -> tuple[str, int]:
    # The newest modification among the pack's YAML files: editing any of them reloads the pack.
    newest = max((p.stat().st_mtime_ns for p in root.rglob("*.yaml")), default=0)
    return str(root.resolve()), newest


def _recent_stamp(root: Path) -> tuple[str, int]:
    key = str(root)
    now = time.monotonic()
    checked = _CHECKED.get(key)
    if checked is not None and now - checked[0] < CHECK_SECONDS:
        return checked[1]
    stamp = _stamp(root)
    _CHECKED[key] = (now, stamp)
    return stamp


def _cached(kind: str, root: Path, load: object) -> object:
    stamp = _recent_stamp(root)
    hit = _CACHE.get(kind)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    with _LOCK:
        hit = _CACHE.get(kind)
        if hit is None or hit[0] != stamp:
            if hit is not None:
                # `serve` froze the old pack out of garbage collection; let it be collected again.
                gc.unfreeze()
            hit = _CACHE[kind] = (stamp, load(root))  # type: ignore[operator]  # load takes the path it was given
    return hit[1]


def current_pack() -> Pack:
    """Return the loaded pack (cached by path and modification time)."""
    return _cached("pack", pack_dir(), load_pack)  # type: ignore[return-value]  # the cache holds both kinds


def current_layouts() -> dict[str, FormLayout]:
    """Return the pack's form layouts (cached by path and modification time)."""
    return _cached("layouts", pack_dir() / "forms", load_layouts)  # type: ignore[return-value]  # the cache holds both kinds


def font_paths() -> FontPaths:
    """Return the fonts of this installation (settings FONT_*)."""
    return FontPaths(Path(settings.FONT_MINCHO), Path(settings.FONT_GOTHIC), Path(settings.FONT_FALLBACK))
