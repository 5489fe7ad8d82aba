"""Benchmark pre-filled forms: one form, a 15-form bundle and its size, beside an older revision.

Run: .venv/bin/python bench/documents.py [--rounds N] [--baseline REV]

The forms are drawn with reportlab (fonts registered once; reportlab embeds its own subsets) and
laid over the municipality's PDFs with pikepdf. `--baseline REV` measures the documents package of
another git revision (e.g. the hand-written PDF writer it replaced) in the same run, in a child
process, from `git archive`. Targets (issue 13): ≤ 10 ms per one-page form, ≤ 100 ms per 15-form
bundle after warm-up, ≤ 300 KB per bundle.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT / "packs" / "sample-city"
TODAY = dt.date(2026, 11, 26)
# Forms added to the death visit's required ones to reach 15 (its interview sheet and the three
# forms the sample pack has beyond its procedures' references, plus two 後期高齢 forms).
EXTRA = ["F_O01", "F_H03", "F_H04", "F_H05", "F_L02", "F_D02"]


def timed(work: Callable[[], object], rounds: int) -> dict[str, float]:
    """Return the median wall time, the fastest round and the median CPU time in milliseconds."""
    wall, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return {"median": statistics.median(wall), "fastest": min(wall), "cpu": statistics.median(cpu)}


def measure(rounds: int) -> dict[str, Any]:
    """Measure the documents package importable here (the working tree, or a baseline's)."""
    from madoguchi.domain import packs
    from madoguchi.domain.documents import load_layouts, render_bundle, render_form
    from madoguchi.domain.navigator import navigate

    pack = packs.load_pack(PACK)
    layouts = load_layouts(PACK / "forms")
    data = json.loads((PACK / "examples" / "death-yoshida.data.json").read_text(encoding="utf-8"))
    facts = json.loads((PACK / "examples" / "death-yoshida.facts.json").read_text(encoding="utf-8"))
    if hasattr(packs, "Facts"):  # a baseline from before the one facts shape navigates plain JSON
        facts = packs.Facts.checked(pack.facts, facts)
    navigation = navigate(pack, "death", facts, TODAY)
    order = {d.id: d.order for d in pack.departments.values()}

    def one_form() -> bytes:
        return bytes(render_form(layouts["F_H02"], data, today=TODAY).pdf)

    def rendered() -> Any:
        return render_bundle(
            navigation.procedures, layouts, data, today=TODAY, department_order=order, extra_forms=EXTRA
        )

    def bundle() -> bytes:
        return bytes(rendered().pdf)

    start = time.perf_counter()
    one_form(), bundle()  # warm-up: fonts and base PDFs parsed once
    warm_up = (time.perf_counter() - start) * 1000
    return {
        "warm_up": warm_up,
        "form": timed(one_form, rounds),
        "bundle": timed(bundle, max(rounds // 3, 5)),
        "form_size": len(one_form()),
        "bundle_size": len(bundle()),
        "forms": len(rendered().report["forms"]),
    }


def baseline(revision: str, rounds: int) -> dict[str, Any]:
    """Measure the documents package of another revision in a child process."""
    with tempfile.TemporaryDirectory() as folder:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", revision, "src/madoguchi"], check=True, capture_output=True
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        env = {**os.environ, "PYTHONPATH": str(Path(folder) / "src")}
        child = [sys.executable, __file__, "--rounds", str(rounds), "--json"]
        out = subprocess.run(child, check=True, capture_output=True, text=True, env=env).stdout
    return dict(json.loads(out))


def show(label: str, figures: dict[str, Any]) -> None:
    """Print one column of figures."""
    form, bundle = figures["form"], figures["bundle"]
    print(f"  {label}")
    print(
        f"    1枚の様式 F_H02     中央値 {form['median']:6.1f} ms（最速 {form['fastest']:.1f}、"
        f"CPU {form['cpu']:.1f}）  目標 ≤ 10 ms"
    )
    print(
        f"    {figures['forms']}様式の書類一式   中央値 {bundle['median']:6.1f} ms"
        f"（最速 {bundle['fastest']:.1f}、CPU {bundle['cpu']:.1f}）  目標 ≤ 100 ms"
    )
    print(
        f"    大きさ             書類一式 {int(figures['bundle_size']) / 1024:6.1f} KB  目標 ≤ 300 KB、"
        f"1枚 {int(figures['form_size']) / 1024:.1f} KB"
    )
    print(f"    初回（フォントと様式PDFの読み込みを含む） {figures['warm_up']:.0f} ms")


def main() -> None:
    """Measure and print this tree's figures, and a baseline revision's beside them."""
    parser = argparse.ArgumentParser(description="様式の事前印字の速さと大きさを測る")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--baseline", metavar="REV", help="同じ実行で比べる git のリビジョン")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.json:
        print(json.dumps(measure(args.rounds)))
        return
    old = baseline(args.baseline, args.rounds) if args.baseline else None
    print(f"様式の事前印字（{args.rounds} 回の中央値、書類一式は {max(args.rounds // 3, 5)} 回）")
    show("reportlab の canvas ＋ pikepdf（この作業ツリー）", measure(args.rounds))
    if old is not None:
        show(f"比較: {args.baseline}", old)


if __name__ == "__main__":
    main()
