"""`madoguchi navigate_death --deceased ATENA_NO --death-date DATE [--json]`: death from the register."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from madoguchi.counter.facts import death_facts_from_register
from madoguchi.domain.japanese import JapaneseInputError, parse_date


class Command(BaseCommand):
    help = (
        "住民記録から故人の事実を作り、死亡（おくやみ）の手続を判定します。"
        "住民記録でわからない事実は不明のままです。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--deceased", required=True, metavar="ATENA_NO", help="故人の宛名番号")
        parser.add_argument(
            "--death-date", required=True, metavar="DATE", help="死亡日（令和8年11月18日・2026-11-18 など）"
        )
        parser.add_argument("--on", metavar="DATE", help="基準日（省略時は今日）")
        parser.add_argument("--json", action="store_true", help="結果を JSON で出力する")
        parser.add_argument(
            "--facts-only", action="store_true", help="住民記録から作った事実だけを JSON で出力する"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        import json

        from madoguchi.commands.navigate import CommandError as NavigateError
        from madoguchi.commands.navigate import navigate_with_facts

        death_date = _date(options["death_date"], "--death-date")
        on = _date(options["on"], "--on") if options["on"] else dt.date.today()
        try:
            facts = death_facts_from_register(options["deceased"], death_date)
        except LookupError as err:
            raise CommandError(str(err)) from None
        if options["facts_only"]:
            self.stdout.write(json.dumps(facts, ensure_ascii=False, indent=2))
            return
        try:
            text = navigate_with_facts(
                settings.MADOGUCHI_PACK_DIR, "death", facts, on, as_json=options["json"]
            )
        except NavigateError as err:
            raise CommandError(str(err)) from None
        self.stdout.write(text)


def _date(text: str, option: str) -> dt.date:
    try:
        return parse_date(text)
    except JapaneseInputError as err:
        raise CommandError(f"{option} の「{text}」: {err}") from None
