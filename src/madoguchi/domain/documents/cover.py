"""The words of the cover sheet and the signature guide (plain Japanese for residents)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from madoguchi.domain.belongings import Need, things_to_bring
from madoguchi.domain.documents.draw import circled
from madoguchi.domain.documents.sheets import Line
from madoguchi.domain.japanese import format_wareki
from madoguchi.domain.navigator import Status

if TYPE_CHECKING:
    from madoguchi.domain.documents.bundle import BundleForm, ProcedureLike


@dataclass(frozen=True, slots=True)
class Visit:
    """What the cover sheet says about the visit."""

    title: str
    municipality: str
    case_number: str
    today: dt.date
    data: Mapping[str, Any]
    procedures: tuple[ProcedureLike, ...]
    required: tuple[ProcedureLike, ...]


def cover_lines(visit: Visit, forms: Sequence[BundleForm]) -> list[Line]:
    """Return the cover sheet: who, when, procedures by department, what to bring, where next."""
    lines = [Line(f"{visit.municipality} {visit.title}".strip(), size=17, rule=True)]
    lines.append(
        Line(f"受付番号 {visit.case_number or '—'}　　作成日 {format_wareki(visit.today)}", space_before=3)
    )
    lines += _people(visit.data)
    lines += _inside(visit, forms)
    lines += _documents(visit, forms)
    lines += _outside(visit)
    lines += _to_confirm(visit)
    return lines


def _people(data: Mapping[str, Any]) -> list[Line]:
    names = []
    for key, label in (("deceased", "亡くなった方"), ("applicant", "ご来庁の方")):
        person = data.get(key)
        if isinstance(person, Mapping) and person.get("name"):
            names.append(f"{label}　{person['name']} 様")
    return [Line("　　".join(names), size=12, space_before=2)] if names else []


def _inside(visit: Visit, forms: Sequence[BundleForm]) -> list[Line]:
    pages: dict[str, list[str]] = {}
    for form in forms:
        for pid in form.procedures:
            pages.setdefault(pid, []).append(f"{form.filled.layout.name}（{_page_range(form)}）")
    inside = [p for p in visit.required if not p.outside_city_hall]
    lines = [Line("■ 本日、市役所で行う手続（担当課ごと）", size=13, space_before=6)]
    department = None
    for procedure in inside:
        if procedure.department_name != department:
            department = procedure.department_name
            where = "　".join(x for x in (procedure.place.floor, procedure.place.counter) if x)
            lines.append(Line(f"〔{department}〕　{where}".rstrip("　"), size=11.5, space_before=2.5))
        lines.append(Line(f"・{procedure.name}{_deadline(procedure)}", indent=3, space_before=0.8))
        if procedure.id in pages:
            lines.append(Line("様式: " + "、".join(pages[procedure.id]), size=9, indent=7))
    return lines


def _page_range(form: BundleForm) -> str:
    if form.first_page == form.last_page:
        return f"{form.first_page}ページ"
    return f"{form.first_page}〜{form.last_page}ページ"


def _deadline(procedure: ProcedureLike) -> str:
    # The family reads 期限 (a duty) apart from 請求の時効 (a right that expires, never extended).
    deadline = procedure.deadline
    if deadline is None or deadline.date is None:
        return ""
    label = deadline.kind.resident_label
    when = format_wareki(deadline.date)
    if deadline.overdue:
        return f"　{label} {when}（過ぎています。お早めに）"
    left = {None: "", 0: "本日まで"}.get(deadline.days_left, f"あと{deadline.days_left}日")
    return f"　{label} {when}（{left}）" if left else f"　{label} {when}"


def _documents(visit: Visit, forms: Sequence[BundleForm]) -> list[Line]:
    needs = [Need(p.name, p.documents) for p in visit.required if not p.outside_city_hall]
    items = things_to_bring(needs, printed_forms=[form.filled.layout.name for form in forms])
    if not items:
        return []
    lines = [Line("■ お持ちいただくもの（本日の手続で使うもの）", size=13, space_before=6)]
    lines += [Line(f"・{item.text()}", size=10, indent=3, space_before=0.5) for item in items]
    return lines


def _outside(visit: Visit) -> list[Line]:
    outside = [p for p in visit.required if p.outside_city_hall]
    if not outside:
        return []
    lines = [Line("■ このあと市役所の外で行う手続", size=13, space_before=6)]
    for procedure in outside:
        lines.append(Line(f"・{procedure.name}{_deadline(procedure)}", indent=3, space_before=0.8))
        place = procedure.place
        if place.name:
            phone = f"（電話 {place.phone}）" if place.phone else ""
            lines.append(Line(f"行き先: {place.name}{phone}", size=9, indent=7))
    return lines


def _to_confirm(visit: Visit) -> list[Line]:
    left = [p for p in visit.procedures if p.status == Status.TO_CONFIRM]
    if not left:
        return []
    # Each one with whom to ask (set when no question is left to decide it).
    return [
        Line("■ 該当するか確認が必要な手続", size=13, space_before=6),
        *(Line(f"・{p.name}　{p.confirm_note or '窓口でお尋ねします'}", size=9.5, indent=3) for p in left),
    ]


def guide_lines(forms: Sequence[BundleForm], numbers: Sequence[Mapping[str, int]]) -> list[Line]:
    """Return the signature guide: every field the resident must write or sign, by form and page."""
    lines = [
        Line("ご署名・ご記入のお願い", size=17, rule=True),
        Line(
            "次の欄は、ご本人の署名（自署）または記入が必要です。"
            "様式の赤い点線の枠（番号つき）に記入してください。そのほかの欄は記入済みです。内容をご確認ください。",
            size=10.5,
            space_before=3,
        ),
    ]
    for form, own in zip(forms, numbers, strict=True):
        fields = [f for f in form.filled.fields if f.field.id in own]
        if not fields:
            continue
        lines.append(Line(f"【{form.filled.layout.name}】（{_page_range(form)}）", size=12, space_before=4))
        for filled in fields:
            page = form.first_page + filled.field.page - 1
            text = f"{circled(own[filled.field.id])}　{filled.field.label}（{page}ページ）"
            lines.append(Line(text, size=11, indent=4, space_before=0.8))
    return lines
