"""The family's handbook (おくやみハンドブック): what was done today and what remains, place by place.

Plain words and large type for the family to take home: each place with its floor, hours, phone and
address; each procedure with its deadline (和暦, weekday, days left); what to bring, merged per place;
how many 戸籍・除籍謄本 to get and where a 法定相続情報一覧図 does instead; whom to phone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from madoguchi.domain.belongings import KOSEKI, Belonging, Need, canonical_name, things_to_bring
from madoguchi.domain.documents.compose import PageSpec, compose
from madoguchi.domain.documents.fonts import FontPaths, font_set
from madoguchi.domain.documents.sheets import Line, page_drawers
from madoguchi.domain.japanese import format_wareki, format_wareki_weekday
from madoguchi.domain.navigator import ProcedureResult
from madoguchi.domain.packs import DeadlineKind, Office

TITLE = "おくやみハンドブック"
BODY, SMALL, HEADING, PLACE = 12.5, 11.5, 16.0, 14.5


@dataclass(frozen=True, slots=True)
class Handbook:
    """What the handbook tells one family; `follow_up` holds the dates city hall will call back."""

    municipality: str
    case_number: str
    today: dt.date
    deceased: str
    done: tuple[ProcedureResult, ...]
    remaining: tuple[ProcedureResult, ...]
    to_ask: tuple[ProcedureResult, ...] = ()
    printed_forms: tuple[str, ...] = ()
    corner: Office | None = None
    follow_up: Mapping[str, dt.date] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PlaceGroup:
    """The procedures the family does at one place, and everything to bring there, once each."""

    place: Office
    procedures: tuple[ProcedureResult, ...]
    things: tuple[Belonging, ...]


def place_groups(book: Handbook) -> list[PlaceGroup]:
    """Return what remains of the handbook, grouped by place."""
    return group_by_place(book.remaining, printed_forms=book.printed_forms)


def group_by_place(
    procedures: Sequence[ProcedureResult], *, printed_forms: Sequence[str] = ()
) -> list[PlaceGroup]:
    """Group procedures by place: city hall first, then outside places by their nearest deadline."""
    groups: dict[tuple[str, str], list[ProcedureResult]] = {}
    for procedure in procedures:
        groups.setdefault((procedure.place.id, procedure.place.name), []).append(procedure)
    found = [
        PlaceGroup(
            members[0].place,
            tuple(sorted(members, key=_deadline_key)),
            things_to_bring((Need(p.name, p.documents) for p in members), printed_forms=printed_forms),
        )
        for members in groups.values()
    ]
    return sorted(found, key=lambda g: (not g.place.inside, _deadline_key(g.procedures[0])))


def deadline_text(procedure: ProcedureResult, today: dt.date) -> str:
    """Return 「令和8年12月2日（水）まで（あと5日）」, or the pack's words when no date can be counted."""
    deadline = procedure.deadline
    if deadline is None:
        return "決まった期限はありません（お早めに）"
    if deadline.date is None:
        return deadline.text
    left = (deadline.date - today).days
    when = f"{format_wareki_weekday(deadline.date)}まで"
    if left < 0:
        return f"{when}（過ぎています。すぐにお問い合わせください）"
    return f"{when}（本日まで）" if left == 0 else f"{when}（あと{left}日）"


def deadline_line(procedure: ProcedureResult, today: dt.date) -> str:
    """Return 「期限: …」 or 「請求の時効: …」: the deadline with the word the cover uses for its kind."""
    kind = procedure.deadline.kind if procedure.deadline is not None else DeadlineKind.LEGAL
    return f"{DeadlineKind(kind).resident_label}: {deadline_text(procedure, today)}"


def handbook_lines(book: Handbook) -> list[Line]:
    """Return every line of the handbook, in reading order."""
    lines = [
        Line(f"{book.municipality}　{TITLE}".strip("　"), size=22, rule=True),
        Line(f"{book.deceased} 様のご家族へ", size=14, space_before=4) if book.deceased else None,
        Line(f"受付番号 {book.case_number}　　作成日 {format_wareki_weekday(book.today)}", size=BODY),
        Line(
            "本日、市役所で済んだ手続と、これから必要な手続を、行き先ごとにまとめました。"
            "期限の近いものから進めてください。わからないことは、いつでも最後のページのお問い合わせ先へどうぞ。",
            size=BODY,
            space_before=3,
        ),
    ]
    lines += _done(book)
    groups = place_groups(book)
    lines += _remaining(book, groups)
    lines += _to_ask(book)
    lines += koseki_lines(groups)
    lines += _contact(book)
    return [line for line in lines if line is not None]


def render_handbook(book: Handbook, fonts: FontPaths = FontPaths()) -> bytes:  # noqa: B008 - frozen default
    """Return the handbook as an A4 PDF with the case number and page numbers in every footer."""
    cache = font_set(fonts)
    pages = [PageSpec(None, draw) for draw in page_drawers(handbook_lines(book), cache)]
    footer = lambda n, total: f"受付番号 {book.case_number}　{n} / {total}ページ"  # noqa: E731
    return compose(pages, cache, title=f"{TITLE} {book.case_number}", footer=footer).pdf


def _done(book: Handbook) -> list[Line]:
    if not book.done:
        return []
    lines = [Line("■ 本日、市役所で済んだ手続", size=HEADING, space_before=7)]
    lines += [Line(f"・{p.name}（{p.place.name}）", size=BODY, indent=3, space_before=1) for p in book.done]
    return lines


def _remaining(book: Handbook, groups: Sequence[PlaceGroup]) -> list[Line]:
    if not groups:
        return [
            Line("■ これからの手続", size=HEADING, space_before=7),
            Line("市役所でのお手続きは、本日すべて終わりました。", size=BODY, indent=3, space_before=1),
        ]
    lines = [
        Line("■ これからの手続（行き先ごと）", size=HEADING, space_before=7),
        Line("□ に、済んだら印をつけてください。", size=SMALL, indent=3, space_before=1),
    ]
    for group in groups:
        lines += _place(group.place, book.corner)
        for procedure in group.procedures:
            lines.append(Line(f"□ {procedure.name}", size=13.5, indent=3, space_before=2.5))
            lines.append(Line(deadline_line(procedure, book.today), size=BODY, indent=9))
            if procedure.id in book.follow_up:
                when = format_wareki_weekday(book.follow_up[procedure.id])
                lines.append(Line(f"市役所からご連絡する日: {when}", size=BODY, indent=9))
        if group.things:
            lines.append(Line("ここへお持ちいただくもの", size=13, indent=3, space_before=2.5))
            lines += [Line(f"・{t.text()}", size=BODY, indent=6, space_before=0.5) for t in group.things]
    return lines


def _place(place: Office, corner: Office | None) -> list[Line]:
    lines = [Line(f"【{place.name}】", size=PLACE, space_before=6)]
    where = "　".join(part for part in (place.floor, place.counter) if part)
    details = (
        ("場所", "　".join(part for part in (where, place.address) if part)),
        ("受付", place.hours),
        ("電話", place.phone),
        ("", place.note),
    )
    lines += [
        Line(f"{label}: {text}" if label else text, size=SMALL, indent=3) for label, text in details if text
    ]
    if not place.phone and corner is not None and corner.phone:
        lines.append(Line(f"わからないときは: {corner.name}（電話 {corner.phone}）", size=SMALL, indent=3))
    elif place.phone:
        lines.append(Line(f"わからないときは: {place.name}（電話 {place.phone}）", size=SMALL, indent=3))
    return lines


def _to_ask(book: Handbook) -> list[Line]:
    if not book.to_ask:
        return []
    lines = [
        Line("■ あてはまるかどうか、お確かめいただきたい手続", size=HEADING, space_before=7),
        Line("あてはまるときは、次のところへお問い合わせください。", size=SMALL, indent=3, space_before=1),
    ]
    for procedure in book.to_ask:
        phone = f"　電話 {procedure.place.phone}" if procedure.place.phone else ""
        lines.append(Line(f"・{procedure.name}", size=BODY, indent=3, space_before=1.5))
        lines.append(Line(f"お問い合わせ先: {procedure.place.name}{phone}", size=SMALL, indent=7))
    return lines


def koseki_lines(groups: Sequence[PlaceGroup]) -> list[Line]:
    """Return how many 戸籍・除籍謄本 each place needs, and where a 法定相続情報一覧図 does instead."""
    needing = [g for g in groups if any(t.name == KOSEKI for t in g.things)]
    if not needing:
        return []
    lines = [
        Line("■ 戸籍謄本・除籍謄本は何通いりますか", size=HEADING, space_before=7),
        Line(
            "亡くなった方の生まれてから亡くなるまでの戸籍謄本・除籍謄本（と相続する方の戸籍謄本）を、"
            "次の行き先で1通ずつ使います。",
            size=BODY,
            space_before=1,
        ),
    ]
    accepting = []
    for group in needing:
        names = "・".join(p.name for p in group.procedures if _uses_koseki(p))
        copies = "1通ずつ（それぞれの会社ごと）" if not group.place.id else "1通"
        lines.append(Line(f"・{group.place.name}（{names}）… {copies}", size=BODY, indent=3, space_before=1))
        if any(p.accepts_heir_info for p in group.procedures if _uses_koseki(p)):
            accepting.append(group.place.name)
    lines.append(
        Line(
            f"合わせて {len(needing)} か所です。原本を返してもらえる窓口もありますが、"
            "同じころに進めるなら、か所の数だけあると待たずに済みます。"
            "戸籍謄本・除籍謄本は本籍地の市区町村で取れます（本籍地が遠いときも、お近くの市区町村の窓口で取れる場合があります）。",
            size=BODY,
            space_before=2,
        )
    )
    if accepting:
        lines.append(Line("法定相続情報一覧図の写しを使うと", size=13.5, space_before=3))
        lines.append(
            Line(
                "法務局に戸籍一式と家族の関係を書いた一覧図を一度出すと、「法定相続情報一覧図の写し」を"
                "無料で必要な枚数もらえます。次の行き先では、戸籍一式の代わりにこの写しが使えます: "
                + "、".join(accepting)
                + "。2か所以上に戸籍一式を出すなら、先に作っておくと戸籍を何通も取らずに済みます。",
                size=BODY,
                space_before=1,
            )
        )
    return lines


def _uses_koseki(procedure: ProcedureResult) -> bool:
    return any(canonical_name(d) == KOSEKI for d in procedure.documents)


def _contact(book: Handbook) -> list[Line]:
    lines = [Line("■ お問い合わせ先", size=HEADING, space_before=7)]
    corner = book.corner
    if corner is not None:
        where = "　".join(part for part in (corner.floor, corner.counter) if part)
        lines.append(Line(f"{book.municipality} {corner.name}　{where}".strip(), size=BODY, indent=3))
        if corner.phone:
            lines.append(Line(f"電話 {corner.phone}", size=15, indent=3, space_before=1))
        if corner.hours:
            lines.append(Line(f"受付 {corner.hours}", size=SMALL, indent=3))
    lines.append(
        Line(
            f"お電話では受付番号「{book.case_number}」をお伝えください。"
            f"このハンドブックは {format_wareki(book.today)} 時点の内容です。",
            size=SMALL,
            indent=3,
            space_before=1.5,
        )
    )
    return lines


def _deadline_key(procedure: ProcedureResult) -> tuple[int, dt.date]:
    deadline = procedure.deadline
    if deadline is None or deadline.date is None:
        return (1, dt.date.max)
    return (0, deadline.date)
