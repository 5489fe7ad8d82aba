"""The pack is loaded once per process and reloaded when one of its files changes."""

from __future__ import annotations

import gc
import os
import shutil
from pathlib import Path

from madoguchi.counter import packs

SAMPLE = Path(__file__).resolve().parents[2] / "packs" / "sample-city"


def test_the_pack_is_cached_until_a_file_changes(tmp_path, settings, monkeypatch):
    copy = tmp_path / "pack"
    shutil.copytree(SAMPLE, copy, ignore=shutil.ignore_patterns("*.pdf", "scenarios", "examples"))
    settings.MADOGUCHI_PACK_DIR = str(copy)
    monkeypatch.setattr(packs, "CHECK_SECONDS", 0.0)
    first = packs.current_pack()
    assert packs.current_pack() is first
    facts = copy / "facts.yaml"
    newest = max(p.stat().st_mtime for p in copy.rglob("*.yaml"))
    os.utime(facts, (newest + 10, newest + 10))
    second = packs.current_pack()
    assert second is not first and second.id == first.id == "sample-city"


def test_a_reload_lets_the_frozen_old_pack_be_collected(tmp_path, settings, monkeypatch):
    copy = tmp_path / "pack"
    shutil.copytree(SAMPLE, copy, ignore=shutil.ignore_patterns("*.pdf", "scenarios", "examples"))
    settings.MADOGUCHI_PACK_DIR = str(copy)
    monkeypatch.setattr(packs, "CHECK_SECONDS", 0.0)
    packs.current_pack()
    gc.freeze()  # as `madoguchi serve` does once a worker has loaded the pack
    try:
        newest = max(p.stat().st_mtime for p in copy.rglob("*.yaml"))
        os.utime(copy / "facts.yaml", (newest + 10, newest + 10))
        packs.current_pack()
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()


def test_every_subject_of_the_pack_is_a_role_the_counter_knows():
    from madoguchi.counter.models import CasePerson
    from madoguchi.counter.packs import current_pack

    subjects = {s.id for event in current_pack().events.values() for s in event.subjects}
    assert subjects <= set(CasePerson.Role.values)
