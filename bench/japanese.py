"""Measure name-key and date-parse throughput beside naive baselines run in the same process.

Run: .venv/bin/python bench/japanese.py [--names N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

import jaconv

from madoguchi.domain.japanese import format_wareki, name_key, name_keys, parse_date
from madoguchi.domain.japanese.itaiji import itaiji_table

FAMILY = [
    "山田",
    "髙橋",
    "佐々木",
    "渡邊",
    "齋藤",
    "山﨑",
    "小嶋",
    "ﾀﾅｶ",
    "やまだ",
    "スズキ",
    "SMITH",
    "澤田",
    "濱口",
]
GIVEN = [
    "太郎",
    "花子",
    "惠子",
    "眞一",
    "ｷｮｳｺ",
    "ゆうた",
    "ジョン・ポール",
    "一郞",
    "Mary",
    "さくら",
    "翔",
    "ヴィクトル",
]
SPACES = [" ", "　", ""]
SYLLABLES = ["ア", "カ", "キョ", "シ", "ッ", "タ", "ノ", "ハ", "ミ", "ユ", "リ", "ン", "ヴァ", "ー", "ジュ"]
REPEATS = 5


def generate_names(count: int, seed: int = 3) -> list[str]:
    """Return ``count`` names mixing widths, kana kinds, variants and spaces."""
    rng = random.Random(seed)
    return [rng.choice(FAMILY) + rng.choice(SPACES) + _given_name(rng) for _ in range(count)]


def _given_name(rng: random.Random) -> str:
    # Half the given names are random kana so that almost every generated name is distinct.
    if rng.random() < 0.5:
        return rng.choice(GIVEN)
    kana = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
    return rng.choice([kana, jaconv.kata2hira(kana), jaconv.z2h(kana, kana=True)])


def generate_dates(count: int, seed: int = 5) -> list[str]:
    """Return ``count`` date texts in the notations of core systems and staff."""
    rng = random.Random(seed)
    styles = ["long", "short", "code"]
    texts = []
    for _ in range(count):
        day = date(1900, 1, 1) + timedelta(days=rng.randrange(73000))
        texts.append(day.isoformat() if rng.random() < 0.25 else format_wareki(day, rng.choice(styles)))
    return texts


def naive_name_key(text: str) -> str:
    """Return a key the straightforward way: jaconv calls, replace and a per-character lookup."""
    folded = jaconv.h2z(text, kana=True)
    folded = jaconv.z2h(folded, kana=False, ascii=True, digit=True)
    folded = jaconv.enlarge_smallkana(jaconv.hira2kata(folded))
    folded = folded.replace(" ", "").replace("　", "").replace("・", "").upper()
    table = itaiji_table()
    return "".join(table.get(ch, ch) for ch in folded)


def naive_iso_parse(text: str) -> date:
    """Return a date from ISO text only with strptime, the baseline that reads one notation."""
    return datetime.strptime(text, "%Y-%m-%d").date()


def rate(function: Callable[[str], object], items: Sequence[str]) -> float:
    """Return the median items per second of ``function`` over REPEATS runs."""
    rates = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        for item in items:
            function(item)
        rates.append(len(items) / (time.perf_counter() - start))
    return statistics.median(rates)


def batch_rate(names: list[str]) -> float:
    """Return the median names per second of one ``name_keys`` call over all names."""
    rates = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        name_keys(names)
        rates.append(len(names) / (time.perf_counter() - start))
    return statistics.median(rates)


def main() -> None:
    """Print our figures next to the baselines."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--names", type=int, default=1_000_000)
    args = parser.parse_args()
    names = generate_names(args.names)
    name_key(names[0]), naive_name_key(names[0])  # build tables before timing
    ours = rate(name_key, names)
    batch = batch_rate(names)
    naive = rate(naive_name_key, names[: len(names) // 10])
    print(f"name_key        {ours:12,.0f} names/s  (median of {REPEATS}, {len(names):,} names)")
    print(f"name_keys       {batch:12,.0f} names/s  (one batch call over the same names)")
    print(f"naive baseline  {naive:12,.0f} names/s  (jaconv + per-character lookup)")
    print(f"ratio           x{ours / naive:.1f} (name_key / naive)")
    dates = generate_dates(200_000)
    isos = [d.isoformat() for d in (parse_date(t) for t in dates[:50_000])]
    print(f"parse_date      {rate(parse_date, dates):12,.0f} dates/s (mixed 和暦/7桁/ISO)")
    print(f"parse_date ISO  {rate(parse_date, isos):12,.0f} dates/s")
    print(f"strptime ISO    {rate(naive_iso_parse, isos):12,.0f} dates/s (baseline, ISO only)")


if __name__ == "__main__":
    main()
