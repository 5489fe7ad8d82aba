"""Benchmark pre-filled forms: one form, a 15-form bundle, and the naive way in the same run.

Run: .venv/bin/python bench/documents.py [--rounds N]

"Ours" keeps fonts and base PDFs parsed between calls, embeds hint-free font subsets and shares
identical base-form fonts. "Naive" does the same drawing but registers the fonts and parses every
base PDF again on each call. (reportlab gives a font registered under a new name the font of the
same face registered first, so naive draws and embeds with ours: what it pays extra is the parsing.)
Targets (issue 6): ≤ 10 ms per one-page form, ≤ 100 ms per 15-form bundle after warm-up, ≤ 300 KB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from madoguchi.domain.documents import compose, fonts, load_layouts, render_bundle, render_form
from madoguchi.domain.navigator import navigate
from madoguchi.domain.packs import Facts, load_pack

PACK = Path(__file__).resolve().parents[1] / "packs" / "sample-city"
TODAY = dt.date(2026, 11, 26)
# Forms added to the death visit's required ones to reach 15 (its interview sheet and the three
# forms the sample pack has beyond its procedures' references, plus two 後期高齢 forms).
EXTRA = ["F_O01", "F_H03", "F_H04", "F_H05", "F_L02", "F_D02"]
_names = itertools.count()
FASTEST: dict[str, float] = {}
CPU: dict[str, float] = {}


@contextmanager
def naive() -> Iterator[None]:
    """Make every call register its fonts anew and parse each base PDF again (no caches)."""
    original = fonts._register

    def register_again(path: Path) -> TTFont:
        font = TTFont(f"naive{next(_names)}-{path.stem}", str(path))
        # Would drop our per-face speed-ups and hint removal; reportlab's registerFont maps the new name
        # to the face registered first (ours) anyway, so only the parsing is repeated.
        font.face.__dict__.pop("makeSubset", None)
        font.face.__dict__.pop("get_table", None)
        pdfmetrics.registerFont(font)
        return font

    fonts._register = register_again
    try:
        yield
    finally:
        fonts._register = original


def fresh() -> None:
    """Forget parsed fonts and base PDFs (called before every naive call)."""
    fonts.font_set.cache_clear()
    compose._open_base.cache_clear()


def median_ms(work: Callable[[], object], rounds: int, before: Callable[[], None] = lambda: None) -> float:
    """Return the median wall time of `work` in milliseconds (setup in `before` is not timed).

    The fastest round is printed too: on a shared machine it shows the cost without the others' load.
    """
    times, cpu = [], []
    for _ in range(rounds):
        before()
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    FASTEST[work.__name__ + before.__name__] = min(times)
    CPU[work.__name__ + before.__name__] = statistics.median(cpu)
    return statistics.median(times)


def main() -> None:
    """Measure and print our figures beside the naive way's."""
    parser = argparse.ArgumentParser(description="様式の事前印字の速さと大きさを測る")
    parser.add_argument("--rounds", type=int, default=30)
    rounds = parser.parse_args().rounds
    pack = load_pack(PACK)
    layouts = load_layouts(PACK / "forms")
    data = json.loads((PACK / "examples" / "death-yoshida.data.json").read_text(encoding="utf-8"))
    facts = json.loads((PACK / "examples" / "death-yoshida.facts.json").read_text(encoding="utf-8"))
    navigation = navigate(pack, "death", Facts.checked(pack.facts, facts), TODAY)
    order = {d.id: d.order for d in pack.departments.values()}

    def one_form() -> bytes:
        return render_form(layouts["F_H02"], data, today=TODAY).pdf

    def bundle() -> bytes:
        result = render_bundle(
            navigation.procedures, layouts, data, today=TODAY, department_order=order, extra_forms=EXTRA
        )
        return result.pdf

    report = render_bundle(
        navigation.procedures, layouts, data, today=TODAY, department_order=order, extra_forms=EXTRA
    ).report
    form_ids = [f["form_id"] for f in report["forms"]]
    # The same forms as separate PDFs, as a system without bundles would hand them over.
    separate_size = sum(len(render_form(layouts[fid], data, today=TODAY).pdf) for fid in form_ids)
    one_form(), bundle()  # warm-up: fonts and base PDFs parsed once
    ours_form, ours_bundle = median_ms(one_form, rounds), median_ms(bundle, max(rounds // 3, 5))
    ours_size, ours_form_size = len(bundle()), len(one_form())
    with naive():
        naive_form = median_ms(one_form, max(rounds // 3, 5), before=fresh)
        naive_bundle = median_ms(bundle, max(rounds // 6, 3), before=fresh)
    fresh()
    print(f"様式の事前印字（{rounds} 回の中央値。naive = フォント登録と様式PDFの解析を毎回行う）")
    print(
        f"  最速の回: 1枚 {FASTEST['one_form<lambda>']:.1f} ms、書類一式 {FASTEST['bundle<lambda>']:.1f} ms"
    )
    print(f"  CPU時間の中央値: 1枚 {CPU['one_form<lambda>']:.1f} ms、書類一式 {CPU['bundle<lambda>']:.1f} ms")
    print(
        f"  1枚の様式 F_H02         ours {ours_form:7.1f} ms  naive {naive_form:7.1f} ms  "
        f"×{naive_form / ours_form:.1f}   目標 ≤ 10 ms"
    )
    print(
        f"  {len(form_ids)}様式の書類一式       ours {ours_bundle:7.1f} ms  naive {naive_bundle:7.1f} ms  "
        f"×{naive_bundle / ours_bundle:.1f}   目標 ≤ 100 ms"
    )
    base_size = (PACK / "forms" / "F_H02.pdf").stat().st_size
    print(
        f"  書類一式の大きさ         ours {ours_size / 1024:7.1f} KB  "
        f"様式ごとの別PDF計 {separate_size / 1024:7.1f} KB  目標 ≤ 300 KB"
    )
    print(
        f"  1枚の様式の大きさ       ours {ours_form_size / 1024:7.1f} KB"
        f"（様式PDF自体 {base_size / 1024:.1f} KB）"
    )


if __name__ == "__main__":
    main()
