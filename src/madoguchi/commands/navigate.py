"""`madoguchi navigate EVENT --pack DIR --facts FILE.json`: procedures, reasons, deadlines, questions."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from madoguchi.commands import (
    CommandError,
    JapaneseArgumentParser,
    facts_or_fail,
    load_pack_or_fail,
    on_date,
    parse,
    read_json,
)
from madoguchi.domain.japanese import format_wareki
from madoguchi.domain.navigator import Navigation, NavigationError, ProcedureResult, Status, navigate
from madoguchi.domain.packs import Pack

SECTIONS = ((Status.REQUIRED, "必要な手続"), (Status.TO_CONFIRM, "確認が必要な手続"))


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of `madoguchi navigate`."""
    parser = JapaneseArgumentParser(
        prog="madoguchi navigate", description="ライフイベントの手続を判定し、理由・期限・次の質問を示す"
    )
    parser.add_argument(
        "event", metavar="EVENT", help="イベント ID（death, move_in, move_out, move_within, birth, …）"
    )
    parser.add_argument(
        "--pack",
        metavar="DIR",
        help="手続パックのディレクトリ（--deceased のときの既定: MADOGUCHI_PACK_DIR）",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--facts", metavar="FILE.json", help="事実を入れ子の JSON で書いたファイル")
    source.add_argument(
        "--deceased", metavar="ATENA_NO", help="故人の宛名番号（住民記録から事実を作る。death のみ）"
    )
    parser.add_argument("--death-date", metavar="DATE", help="死亡日（--deceased と一緒に。和暦も可）")
    parser.add_argument("--on", metavar="YYYY-MM-DD", help="基準日（省略時は今日）")
    parser.add_argument("--json", action="store_true", help="結果を JSON で出力する")
    return parser


def run(argv: list[str]) -> int:
    """Run `madoguchi navigate`; return 0 on success, 1 on a data problem, 2 on usage errors."""
    args = parse(build_parser(), argv)
    if isinstance(args, int):
        return args
    try:
        on = on_date(args.on)
        if args.deceased:
            pack_dir, facts = _register_death_facts(args)
        else:
            if not args.pack:
                raise CommandError("--pack で手続パックのディレクトリを指定してください")
            pack_dir, facts = args.pack, read_json(args.facts, "事実")
        print(navigate_with_facts(pack_dir, args.event, facts, on, as_json=args.json))
    except CommandError as err:
        print(f"エラー: {err}")
        return 1
    return 0


def navigate_with_facts(
    pack_dir: str | Path, event: str, facts: Mapping[str, Any], on: dt.date, *, as_json: bool = False
) -> str:
    """Navigate the event for facts (from a file or the register) and return the text to print."""
    pack = load_pack_or_fail(pack_dir)
    try:
        navigation = navigate(pack, event, facts_or_fail(pack, dict(facts)), on)
    except NavigationError as err:
        raise CommandError(str(err)) from None
    if as_json:
        return json.dumps(navigation.to_json(), ensure_ascii=False, indent=2)
    return render_text(navigation, pack)


def _register_death_facts(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    """Build the death facts from the register (needs the database); the lookup is audited."""
    if args.event != "death":
        raise CommandError("--deceased は death（死亡）のときだけ使えます")
    if not args.death_date:
        raise CommandError("--deceased と一緒に --death-date で死亡日を指定してください")
    death_date = _japanese_date(args.death_date, "--death-date")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madoguchi.config.settings")
    import django
    from django.conf import settings

    from madoguchi.cli import operator_address

    django.setup()
    from madoguchi.audit.services import audit_record
    from madoguchi.counter.facts import death_facts_from_register
    from madoguchi.registry.models import Resident
    from madoguchi.registry.services import resident_view_record
    from madoguchi.registry.visibility import disclosure

    resident = Resident.objects.filter(atena_no=args.deceased).first()
    if resident is not None and not disclosure(None, [resident.pk]).allowed:
        # 支援措置: the command acts for no entitled member of staff; the answer of an unknown number.
        audit_record(
            action="access.denied",
            actor=None,
            subject=resident.subject,
            detail={"channel": "cli", "command": "navigate"},
            client_address=operator_address(),
        )
        raise CommandError(f"宛名番号 {args.deceased} の住民は住民記録にありません")
    try:
        facts = death_facts_from_register(args.deceased, death_date)
    except LookupError as err:
        raise CommandError(str(err)) from None
    assert resident is not None
    resident_view_record(resident=resident, actor=None, client_address=operator_address())
    return args.pack or str(settings.MADOGUCHI_PACK_DIR), facts


def _japanese_date(text: str, option: str) -> dt.date:
    from madoguchi.domain.japanese import JapaneseInputError, parse_date

    try:
        return parse_date(text)
    except JapaneseInputError as err:
        raise CommandError(f"{option} {text}: {err}") from None


def render_text(navigation: Navigation, pack: Pack) -> str:
    """Return the navigation as a Japanese checklist for staff."""
    event = pack.events[navigation.event].name
    lines = [f"{event} — {pack.name} {pack.version}（基準日 {format_wareki(navigation.today)}）"]
    for status, title in SECTIONS:
        results = [r for r in navigation.procedures if r.status == status]
        lines.append(f"\n■ {title}（{len(results)}件）")
        lines.extend(line for result in results for line in _procedure_lines(result))
    if navigation.questions:
        lines.append(f"\n■ 次に聞くこと（{len(navigation.questions)}件）")
        for number, question in enumerate(navigation.questions, 1):
            lines.append(f"  {number}. {question.text}（決まる手続 {len(question.decides)}件）")
    done = [r.name for r in navigation.procedures if r.status == Status.DONE]
    if done:
        lines.append(f"\n■ 届出済の手続（{len(done)}件）: {'、'.join(done)}")
    not_needed = [r.name for r in navigation.procedures if r.status == Status.NOT_NEEDED]
    lines.append(f"\n■ 不要な手続（{len(not_needed)}件）: {'、'.join(not_needed) or 'なし'}")
    return "\n".join(lines)


def _procedure_lines(result: ProcedureResult) -> list[str]:
    place = f"庁外: {result.office}" if result.outside_city_hall else result.department_name
    lines = [f"  [{place}] {result.name}{_deadline_text(result)}", f"      理由: {'、'.join(result.reasons)}"]
    if result.forms:
        lines.append(f"      様式: {'、'.join(result.form_ids)}")
    return lines


def _deadline_text(result: ProcedureResult) -> str:
    deadline = result.deadline
    if deadline is None:
        return ""
    if deadline.date is None or deadline.days_left is None:
        return f" — 期限: {deadline.text}"
    when = format_wareki(deadline.date)
    if deadline.overdue:
        state = f"{-deadline.days_left}日超過"
    else:
        state = f"あと{deadline.days_left}日" + ("・急ぎ" if deadline.urgent else "")
    return f" — {deadline.kind.label} {when}（{state}）"
