"""`madoguchi corner`: show and set the bereavement corner's booking settings and city closures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from madoguchi.cli import operator_address
from madoguchi.domain.japanese import WEEKDAYS, JapaneseInputError, parse_date
from madoguchi.okuyami.models import Corner
from madoguchi.okuyami.services import CornerSettings, closure_set, corner_save


def _weekdays(text: str) -> tuple[int, ...]:
    days = tuple(WEEKDAYS.index(ch) for ch in text if ch in WEEKDAYS)
    if not days or len(days) != len(text.strip()):
        raise CommandError(f"--weekdays「{text}」: 曜日を 月火水木金 のように書いてください")
    return days


def _time(text: str, option: str) -> dt.time:
    try:
        hour, _, minute = text.strip().partition(":")
        return dt.time(int(hour), int(minute or 0))
    except ValueError:
        raise CommandError(f"{option}「{text}」: 時刻を 9:00 のように書いてください") from None


def _date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except JapaneseInputError as err:
        raise CommandError(f"日付「{text}」: {err}") from None


class Command(BaseCommand):
    help = (
        "おくやみコーナーの予約枠（開設曜日・時間・1枠の長さ・席数・締切）と臨時の閉庁日を表示・設定します。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("show", help="設定と臨時の閉庁日を表示する")
        setter = sub.add_parser("set", help="コーナーを登録する・設定を変える（名称で区別）")
        setter.add_argument("--name", default="おくやみコーナー")
        setter.add_argument("--place", required=True, help="例: 本庁舎1階 市民課となり")
        setter.add_argument("--phone", default="")
        setter.add_argument("--weekdays", default="月火水木金", help="開設曜日（例: 月火水木金）")
        setter.add_argument("--opens", default="9:00")
        setter.add_argument("--closes", default="16:00")
        setter.add_argument("--slot", type=int, default=90, help="1枠の長さ（分）")
        setter.add_argument("--seats", type=int, default=2, help="席数（同じ時間に受けられる家族の数）")
        setter.add_argument("--lead", type=int, default=2, help="何開庁日前まで予約を受けるか")
        for name, text in (("close", "臨時の閉庁日を加える"), ("open", "臨時の閉庁日を取り消す")):
            day = sub.add_parser(name, help=text)
            day.add_argument("day", help="日付（例: 令和8年12月10日、2026-12-10）")
            day.add_argument("--reason", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "set":
            self._set(options)
            return
        corner = Corner.objects.order_by("pk").first()
        if corner is None:
            raise CommandError(
                "おくやみコーナーがまだありません。madoguchi corner set --place 場所 で登録してください"
            )
        if action == "show":
            self._show(corner)
        else:
            day = _date(options["day"])
            closure_set(
                corner=corner,
                day=day,
                reason=options["reason"],
                closed=action == "close",
                actor=None,
                client_address=operator_address(),
            )
            self.stdout.write(
                f"{day:%Y-%m-%d} を臨時の閉庁日{'にしました' if action == 'close' else 'から外しました'}"
            )

    def _set(self, options: dict[str, Any]) -> None:
        settings = CornerSettings(
            name=options["name"],
            place=options["place"],
            phone=options["phone"],
            weekdays=_weekdays(options["weekdays"]),
            opens=_time(options["opens"], "--opens"),
            closes=_time(options["closes"], "--closes"),
            slot_minutes=options["slot"],
            seats=options["seats"],
            lead_days=options["lead"],
        )
        try:
            corner = corner_save(settings=settings, actor=None, client_address=operator_address())
        except ValueError as err:
            raise CommandError(str(err)) from None
        self._show(corner)

    def _show(self, corner: Corner) -> None:
        days = "".join(WEEKDAYS[d] for d in corner.weekdays)
        self.stdout.write(
            f"{corner.name}（{corner.place}）電話 {corner.phone or '—'}\n"
            f"  開設曜日 {days}　{corner.opens:%H:%M}〜{corner.closes:%H:%M}　1枠 {corner.slot_minutes}分"
            f"　{corner.seats}席　{corner.lead_days}開庁日前まで予約"
        )
        for closure in corner.closures.all():
            self.stdout.write(f"  臨時の閉庁日 {closure.day:%Y-%m-%d} {closure.reason}")
