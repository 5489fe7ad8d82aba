"""The result cache lives on the pack: bounded, shared by threads, never serving another pack."""

import dataclasses
import datetime as dt
import threading
from pathlib import Path
from types import MappingProxyType

import pytest

from madoguchi.domain.navigator import navigate
from madoguchi.domain.navigator.index import ResultCache, navigator_index
from madoguchi.domain.navigator.navigate import clear_cache
from madoguchi.domain.packs import Pack, load_pack
from madoguchi.domain.rules import compile_expression

PACK_DIR = Path(__file__).resolve().parents[3] / "packs" / "sample-city"
TODAY = dt.date(2026, 11, 30)
CHANGED = "death_householder_change"


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack(PACK_DIR)


def with_condition(pack: Pack, procedure_id: str, text: str) -> Pack:
    procedure = dataclasses.replace(pack.procedures[procedure_id], condition=compile_expression(text))
    return dataclasses.replace(
        pack, procedures=MappingProxyType({**pack.procedures, procedure_id: procedure})
    )


def facts(remaining_15plus: int, **answers: object) -> dict:
    return {
        "deceased": {"age": 82, "death_date": "2026-11-20", "insurance": "国保", "is_householder": True},
        "household": {"remaining_15plus_count": remaining_15plus},
        "answers": answers,
    }


def status(navigation, procedure_id: str) -> str:
    return next(r.status for r in navigation.procedures if r.id == procedure_id)


def test_repeated_facts_are_served_from_the_pack_cache(pack: Pack) -> None:
    clear_cache(pack)
    first = navigate(pack, "death", facts(2), TODAY)
    cached = len(navigator_index(pack).results)
    second = navigate(pack, "death", facts(2), TODAY)
    assert cached == len(pack.events["death"].procedures)
    assert len(navigator_index(pack).results) == cached
    assert second == first
    assert all(a is b for a, b in zip(first.procedures, second.procedures, strict=True))


def test_one_new_answer_re_decides_only_procedures_reading_it(pack: Pack) -> None:
    clear_cache(pack)
    navigate(pack, "death", facts(2), TODAY)
    before = len(navigator_index(pack).results)
    navigate(pack, "death", facts(2, funeral_held=True), TODAY)
    readers = [
        pid
        for pid in pack.events["death"].procedures
        if "answers.funeral_held" in pack.procedures[pid].condition.fact_names
    ]
    assert len(navigator_index(pack).results) - before == len(readers) > 0


def test_a_changed_copy_of_a_pack_gets_its_own_cache(pack: Pack) -> None:
    navigate(pack, "death", facts(1), TODAY)  # the original caches "not needed"
    changed = with_condition(pack, CHANGED, "true")
    assert changed.cache is not pack.cache
    assert status(navigate(changed, "death", facts(1), TODAY), CHANGED) == "required"
    assert status(navigate(pack, "death", facts(1), TODAY), CHANGED) == "not_needed"


def test_cache_can_be_bypassed(pack: Pack) -> None:
    clear_cache(pack)
    navigation = navigate(pack, "death", facts(2), TODAY, cache=False)
    assert len(navigator_index(pack).results) == 0
    assert navigation == navigate(pack, "death", facts(2), TODAY)


def test_result_cache_is_bounded_and_keeps_the_newest() -> None:
    cache: ResultCache[int] = ResultCache(limit=8)
    for number in range(100):
        cache.put(("key", number), number)
    assert len(cache) <= 8
    assert cache.get(("key", 99)) == 99
    assert cache.get(("key", 0)) is None


def test_threads_sharing_two_packs_never_mix_their_results(pack: Pack) -> None:
    changed = with_condition(pack, CHANGED, "true")
    clear_cache(pack)
    expected = {
        (id(p), count): status(navigate(p, "death", facts(count), TODAY, cache=False), CHANGED)
        for p in (pack, changed)
        for count in (0, 1, 2, 3)
    }
    wrong: list[tuple] = []

    def work(offset: int) -> None:
        for round_ in range(40):
            p = (pack, changed)[(round_ + offset) % 2]
            count = (round_ * 7 + offset) % 4
            got = status(navigate(p, "death", facts(count), TODAY), CHANGED)
            if got != expected[(id(p), count)]:
                wrong.append((offset, round_, got))

    threads = [threading.Thread(target=work, args=(offset,)) for offset in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
    assert expected[(id(pack), 1)] == "not_needed" and expected[(id(changed), 1)] == "required"
