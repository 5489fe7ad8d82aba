"""Pack.cache: derived data built once per key, kept with its pack, never shared with a copy."""

import dataclasses
import threading
import time
from pathlib import Path

from madoguchi.domain.packs import load_pack
from madoguchi.domain.packs.model import PackCache

PACK_DIR = Path(__file__).resolve().parents[3] / "packs" / "sample-city"


def test_value_is_built_once_and_kept() -> None:
    cache, builds = PackCache(), []
    first = cache.get("index", lambda: builds.append(1) or ["built"])
    second = cache.get("index", lambda: builds.append(1) or ["again"])
    assert first is second and first == ["built"]
    assert builds == [1]


def test_threads_asking_at_once_share_one_build() -> None:
    cache, builds, results = PackCache(), [], []

    def slow_build() -> object:
        builds.append(threading.get_ident())
        time.sleep(0.02)  # long enough for every thread to ask while the first one builds
        return object()

    threads = [threading.Thread(target=lambda: results.append(cache.get("k", slow_build))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1
    assert len({id(result) for result in results}) == 1


def test_a_replaced_pack_starts_with_an_empty_cache() -> None:
    pack = load_pack(PACK_DIR)
    pack.cache.get("index", lambda: "for the original")
    copy = dataclasses.replace(pack, version="9.9.9")
    assert copy.cache is not pack.cache
    assert copy.cache.get("index", lambda: "for the copy") == "for the copy"
    assert pack.cache.get("index", lambda: "rebuilt") == "for the original"


def test_cache_does_not_take_part_in_equality() -> None:
    pack = load_pack(PACK_DIR)
    other = dataclasses.replace(pack)
    pack.cache.get("index", lambda: 1)
    assert pack == other
