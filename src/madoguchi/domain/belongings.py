"""What the family brings (持ち物): one merged, deduplicated list across procedures.

Packs write the same thing many ways (「届出人の本人確認書類」「窓口に来る人の本人確認書類」…) and
list the application form itself among the documents. The family needs each thing once, under one
plain name, and never the forms the office provides or the counter has just printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

KOSEKI = "戸籍謄本・除籍謄本"
# Plain names for what packs write many ways; the first pattern that matches a document decides.
CANONICAL: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("委任状（代理の方が手続きする場合）", r"委任状"),
        (KOSEKI, r"戸籍(?!附票)|除籍"),
        ("故人の住民票の除票", r"除票"),
        ("住民票の写し", r"住民票"),
        ("死亡の事実がわかる書類（死亡診断書の写しなど）", r"死亡(の事実)?(が|を)(わかる|証する)|死亡診断書"),
        ("喪主の名前がわかるもの（会葬礼状・葬儀費用の領収書など）", r"会葬礼状"),
        ("遺産分割協議書（または遺言書）", r"遺産分割協議書"),
        (
            "所得・収入がわかる書類（課税証明書など）",
            r"所得(証明|情報|がわかる)|収入(証明|がわかる)|課税証明",
        ),
        ("生計を同じくしていたことがわかる書類", r"生計(維持|同一)"),
        ("印鑑登録証明書", r"印鑑登録証明書"),
        ("印鑑登録証（カード）", r"印鑑登録証(?!明)"),
        ("印鑑（認印）", r"印鑑(?!登録)"),
        ("本人確認書類（マイナンバーカード・運転免許証など）", r"本人確認書類"),
        (
            "マイナンバーカード（またはマイナンバーがわかるもの）",
            r"マイナンバー(カード|が)|個人番号カード(?!交付)",
        ),
        ("基礎年金番号がわかるもの（年金手帳・基礎年金番号通知書など）", r"基礎年金番号|年金手帳"),
        ("年金証書", r"年金証書"),
        ("振込先の口座がわかるもの（通帳・キャッシュカードなど）", r"口座(?!振替)|通帳"),
        ("介護保険の被保険者証", r"介護保険被保険者証"),
        ("健康保険の資格確認書・保険証", r"資格確認書|保険証(?!券)"),
    )
)

# The application form itself (its name ends like this): the office has it, or we printed it.
FORM_ENDING = re.compile(r"(申請書|請求書|届書|届出書|申出書|申立書|申述書|申告書|報告書|届)(と付表)?$")
_QUALIFIER = re.compile(r"（([^（）]*)）")


@dataclass(frozen=True, slots=True)
class Need:
    """One procedure's documents, as its pack lists them."""

    procedure: str
    documents: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Belonging:
    """One thing to bring, the notes that qualify it, and the procedures that need it."""

    name: str
    notes: tuple[str, ...] = ()
    procedures: tuple[str, ...] = field(default=())

    def text(self) -> str:
        """Return the line a family reads: the name, then its notes in brackets."""
        return f"{self.name}（{'、'.join(self.notes)}）" if self.notes else self.name


def canonical_name(document: str) -> str | None:
    """Return the plain name of a pack's document, or None for an application form."""
    core = _QUALIFIER.sub("", document).strip()
    if is_form(core):
        return None
    return next((name for name, pattern in CANONICAL if pattern.search(document)), core or None)


def is_form(document: str) -> bool:
    """Return whether the document is an application form (the office provides it, or we print it)."""
    return bool(FORM_ENDING.search(_QUALIFIER.sub("", document).strip()))


def things_to_bring(needs: Iterable[Need], *, printed_forms: Iterable[str] = ()) -> tuple[Belonging, ...]:
    """Merge the procedures' documents into one list, first need first; nothing is cut off.

    A document is left out when it is an application form, or when it names one of the forms the
    counter printed for this case (`printed_forms`, the layouts' names).
    """
    printed = {_QUALIFIER.sub("", name).replace(" ", "").replace("　", "") for name in printed_forms}
    found: dict[str, tuple[list[str], list[str]]] = {}
    for need in needs:
        for document in need.documents:
            bare = _QUALIFIER.sub("", document).replace(" ", "").replace("　", "")
            name = canonical_name(document)
            if name is None or bare in printed:
                continue
            notes, procedures = found.setdefault(name, ([], []))
            if name == _QUALIFIER.sub("", document).strip():
                notes.extend(q for q in _QUALIFIER.findall(document) if q not in notes)
            if need.procedure not in procedures:
                procedures.append(need.procedure)
    return tuple(Belonging(name, tuple(notes), tuple(procs)) for name, (notes, procs) in found.items())
