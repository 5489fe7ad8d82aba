"""`madoguchi pack check DIR` and `madoguchi pack test DIR`: validate a pack and run its scenarios."""

from __future__ import annotations

import argparse
from pathlib import Path

from madoguchi.commands import JapaneseArgumentParser, parse
from madoguchi.domain.documents import check_form_uses, check_layouts, load_layouts
from madoguchi.domain.packs import PackError, check_pack, load_pack
from madoguchi.domain.packs.scenarios import run_scenarios


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of `madoguchi pack`."""
    parser = JapaneseArgumentParser(prog="madoguchi pack", description="手続パックの検査とシナリオテスト")
    commands = parser.add_subparsers(dest="command", required=True, metavar="{check,test}")
    check = commands.add_parser(
        "check", help="パックの書式・参照・条件式を検査する", description="パックを検査する"
    )
    check.add_argument("directory", metavar="DIR", help="手続パックのディレクトリ（pack.yaml がある場所）")
    test = commands.add_parser(
        "test", help="パックのシナリオテストを実行する", description="シナリオテストを実行する"
    )
    test.add_argument("directory", metavar="DIR", help="手続パックのディレクトリ")
    return parser


def run(argv: list[str]) -> int:
    """Run `madoguchi pack`; return 0 when sound, 1 on problems or failures, 2 on usage errors."""
    args = parse(build_parser(), argv)
    if isinstance(args, int):
        return args
    if args.command == "check":
        return _check(args.directory)
    return _test(args.directory)


def _check(directory: str) -> int:
    problems = check_pack(directory)
    forms = Path(directory) / "forms"
    if forms.is_dir():  # the form layouts are part of the pack too
        problems = [*problems, *check_layouts(forms)]
    if not problems and forms.is_dir():  # and each form must serve the procedures that print it
        problems = check_form_uses(load_pack(directory), load_layouts(forms))
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} 件の問題があります。")
        return 1
    pack = load_pack(directory)
    print(
        f"問題はありません: {pack.name} {pack.version}"
        f"（イベント {len(pack.events)} 件、手続 {len(pack.procedures)} 件、事実 {len(pack.facts)} 件、"
        f"シナリオ {len(pack.scenarios)} 件）"
    )
    return 0


def _test(directory: str) -> int:
    try:
        pack = load_pack(directory)
    except PackError as err:
        for problem in err.problems:
            print(problem)
        print(f"{len(err.problems)} 件の問題があるためシナリオを実行できません。")
        return 1
    results = run_scenarios(pack)
    for result in results:
        mark = "成功" if result.passed else "失敗"
        print(f"[{mark}] {result.scenario.event}: {result.scenario.name}")
        if not result.passed:
            print(f"    場所: {result.scenario.file}:{result.scenario.line}")
        for difference in result.differences:
            print(f"    - {difference}")
    failed = sum(not result.passed for result in results)
    print(f"シナリオ {len(results)} 件中 {len(results) - failed} 件成功、{failed} 件失敗")
    if not results:
        print("シナリオがありません（scenarios/*.yaml）。")
        return 1
    return 1 if failed else 0
