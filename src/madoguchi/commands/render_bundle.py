"""`madoguchi render-bundle EVENT --pack DIR --facts F.json --data D.json --out B.pdf`: the visit's bundle."""

from __future__ import annotations

import argparse
import json

from madoguchi.commands import (
    CommandError,
    JapaneseArgumentParser,
    facts_or_fail,
    load_pack_or_fail,
    on_date,
    parse,
    read_json,
)
from madoguchi.commands.render import (
    add_preview_arguments,
    layouts_of,
    print_warnings,
    write,
    write_previews,
)
from madoguchi.domain.documents.bundle import Bundle, render_visit_bundle
from madoguchi.domain.navigator import NavigationError, navigate


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of `madoguchi render-bundle`."""
    parser = JapaneseArgumentParser(
        prog="madoguchi render-bundle",
        description="来庁1回分の書類一式（表紙・必要な手続の様式・署名のご案内）を1つの PDF にする",
    )
    parser.add_argument("event", metavar="EVENT", help="イベント ID（例: death）")
    parser.add_argument("--pack", required=True, metavar="DIR", help="手続パックのディレクトリ")
    parser.add_argument(
        "--facts", required=True, metavar="FILE.json", help="手続の判定に使う事実（navigate と同じ）"
    )
    parser.add_argument("--data", required=True, metavar="FILE.json", help="様式に印字する人と回答の JSON")
    parser.add_argument("--out", required=True, metavar="FILE.pdf", help="書き出す PDF")
    parser.add_argument("--report", metavar="FILE.json", help="印字の集計と注意を JSON で書き出す")
    parser.add_argument("--on", metavar="YYYY-MM-DD", help="基準日・届出日（省略時は今日）")
    parser.add_argument(
        "--extra-form",
        action="append",
        default=[],
        metavar="FORM_ID",
        help="手続に関係なく表紙の次に入れる様式（例: F_O01 おくやみ聞き取りシート）。複数指定可",
    )
    add_preview_arguments(parser)
    return parser


def run(argv: list[str]) -> int:
    """Run `madoguchi render-bundle`; return 0 on success, 1 on a data problem, 2 on usage errors."""
    args = parse(build_parser(), argv)
    if isinstance(args, int):
        return args
    try:
        bundle = _bundle(args)
        print_warnings(_warnings(bundle))
        write(args.out, bundle.pdf)
        if args.report:
            write(args.report, json.dumps(bundle.report, ensure_ascii=False, indent=2).encode("utf-8"))
        write_previews(args.png, args.dpi, bundle.pdf)
    except CommandError as err:
        print(f"エラー: {err}")
        return 1
    print(_summary(bundle, args.out))
    return 0


def _bundle(args: argparse.Namespace) -> Bundle:
    pack = load_pack_or_fail(args.pack)
    layouts_of(args.pack)  # report layout problems with their lines before anything is drawn
    facts, data = read_json(args.facts, "事実"), read_json(args.data, "事例データ")
    try:
        navigation = navigate(pack, args.event, facts_or_fail(pack, facts), on_date(args.on))
    except NavigationError as err:
        raise CommandError(str(err)) from None
    return render_visit_bundle(pack, navigation, data, extra_forms=args.extra_form)


def _warnings(bundle: Bundle) -> list[str]:
    warnings = bundle.report["warnings"]
    found = [f"枠に収まらず別紙に印字: {item}" for item in warnings["overflow"]]
    found += [
        f"印字できない文字（〓で印字）: {c}（U+{ord(c[0]):04X}）" for c in warnings["missing_characters"]
    ]
    found += list(warnings["errors"])
    found += [f"様式 {fid} のレイアウトがないため印字していません" for fid in warnings["missing_layouts"]]
    return found


def _summary(bundle: Bundle, out: str) -> str:
    totals = bundle.report["totals"]
    return (
        f"{bundle.pages}ページ（様式{totals['forms']}種）を {out} に書き出しました。"
        f"事前印字 {totals['prefilled']}項目・{totals['characters_prefilled']:,}文字、"
        f"ご本人の記入・署名 {totals['left_for_resident']}か所。"
    )
