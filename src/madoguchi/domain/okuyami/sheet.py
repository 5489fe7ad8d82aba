"""The booking confirmation sheet (予約確認票): plain Japanese, large type, read aloud over the phone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from madoguchi.domain.documents.sheets import Line
from madoguchi.domain.japanese import format_wareki, format_wareki_weekday


@dataclass(frozen=True, slots=True)
class Confirmation:
    """What the family needs to know about their appointment."""

    municipality: str
    corner: str
    place: str
    phone: str
    day: dt.date
    start: dt.time
    end: dt.time
    deceased: str
    attendees: str
    bring: tuple[str, ...]
    number: str
    today: dt.date


def confirmation_lines(sheet: Confirmation) -> list[Line]:
    """Return the sheet's lines: when, where, who comes, what to bring, whom to call."""
    lines = [
        Line(f"{sheet.municipality} {sheet.corner} ご予約の確認".strip(), size=18, rule=True),
        Line(f"予約番号 {sheet.number}　　作成日 {format_wareki(sheet.today)}", size=10.5, space_before=3),
        Line(f"亡くなった方　{sheet.deceased} 様", size=13, space_before=4),
        Line("■ 日時", size=14, space_before=6),
        Line(
            f"{format_wareki_weekday(sheet.day)}　{sheet.start:%H:%M}〜{sheet.end:%H:%M}",
            size=16,
            indent=4,
            space_before=1,
        ),
        Line("■ 場所", size=14, space_before=5),
        Line(sheet.place, size=13, indent=4, space_before=1),
        Line("■ ご来庁いただく方", size=14, space_before=5),
        Line(sheet.attendees or "手続をなさるご家族の方", size=13, indent=4, space_before=1),
        *_bring(sheet.bring),
        Line("■ ご都合が悪くなったとき・ご不明な点", size=14, space_before=5),
        Line(f"{sheet.corner}　電話 {sheet.phone or '（市役所代表）'}", size=13, indent=4, space_before=1),
        Line(
            "ご予約の日までに、各担当課が手続の準備をしてお待ちしています。当日は書類を書く必要はありません。",
            size=11,
            space_before=5,
        ),
    ]
    return lines


def _bring(items: Sequence[str]) -> list[Line]:
    lines = [Line("■ お持ちいただくもの", size=14, space_before=5)]
    lines += [Line(f"□ {item}", size=12.5, indent=4, space_before=1) for item in items]
    if not items:
        lines.append(
            Line("□ 来庁される方の本人確認書類（運転免許証など）", size=12.5, indent=4, space_before=1)
        )
    return lines
