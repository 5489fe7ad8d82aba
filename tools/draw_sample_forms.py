"""Draw the sample city's base PDF forms and, on request, their layout files.

Run: .venv/bin/python tools/draw_sample_forms.py [--write-layouts] [--out packs/sample-city/forms]

The forms imitate real municipal forms (ruled grids, small labels, era options to circle, one box
per character for 郵便番号 and フリガナ) but are our own drawings. Every form embeds the same
hint-free subset of IPAex 明朝 holding all label characters, so a bundle can keep one copy of it.
"""

from __future__ import annotations

import argparse
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from fontTools import subset
from fontTools.ttLib import TTFont as FontToolsFont
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

MINCHO_PATH = "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf"
LABEL_FONT = "SampleLabelMincho"
PAGE_W, PAGE_H = 210.0, 297.0
LEFT, RIGHT = 15.0, 195.0
LABEL_W = 32.0
ERAS = ("明治", "大正", "昭和", "平成", "令和")
GRAY = 0.93


@dataclass
class Form:
    """One sample form: the drawing operations and the layout fields measured on it."""

    form_id: str
    name: str
    department: str
    ops: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    fields: list[dict[str, Any]] = field(default_factory=list)
    # Options the printing procedure chooses (layout `settings:`), read as settings.<name>.
    settings: dict[str, list[str]] = field(default_factory=dict)
    y: float = 14.0

    def op(self, name: str, *args: Any) -> None:
        """Record one drawing operation (coordinates in mm from the top-left)."""
        self.ops.append((name, args))

    def add(self, **spec: Any) -> None:
        """Record one layout field."""
        self.fields.append({key: _rounded(value) for key, value in spec.items()})

    def labels(self) -> str:
        """Return all label text drawn on the form."""
        return "".join(str(a[2]) for n, a in self.ops if n in ("text", "ctext", "rtext"))


def _rounded(value: Any) -> Any:
    """Round millimetre boxes to 0.1 mm so layout files stay readable."""
    if isinstance(value, list):
        return [round(v, 1) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


# -- drawing helpers (all in mm from the top-left) --------------------------------------------
# fmt: off


def title(f: Form, text: str, sub: str = "") -> None:
    """Draw the title block with the addressee and the date line."""
    f.op("text", LEFT, f.y + 4, "（宛先）　　市　長", 9)
    f.op("rtext", RIGHT, f.y + 4, "令和　　年　　月　　日", 9)
    em = 9 / 72 * 25.4
    start = RIGHT - 11 * em
    f.add(id="submitted_on", label="届出日", page=1, kind="date", source="event", value="today",
        style="parts", year=[start + 2 * em, f.y, 2 * em, 5.5], month=[start + 5 * em, f.y, 2 * em, 5.5],
        day=[start + 8 * em, f.y, 2 * em, 5.5], size=9)
    f.y += 12
    f.op("ctext", PAGE_W / 2, f.y + 5, text, 16)
    f.y += 9
    if sub:
        f.op("ctext", PAGE_W / 2, f.y + 3, sub, 8.5)
        f.y += 6
    f.y += 3


def section(f: Form, text: str) -> None:
    """Draw a section heading bar."""
    f.op("fill", LEFT, f.y, RIGHT - LEFT, 6)
    f.op("rect", LEFT, f.y, RIGHT - LEFT, 6)
    f.op("text", LEFT + 2, f.y + 4.3, text, 9)
    f.y += 6


def cell(f: Form, x: float, w: float, h: float, label: str, label_w: float = LABEL_W) -> list[float]:
    """Draw a label cell and its value cell; return the value box."""
    f.op("fill", x, f.y, label_w, h)
    f.op("rect", x, f.y, label_w, h)
    f.op("rect", x + label_w, f.y, w - label_w, h)
    for i, line in enumerate(label.split("\n")):
        f.op("text", x + 1.5, f.y + 4 + i * 3.6, line, 8)
    return [x + label_w + 1, f.y + 0.8, w - label_w - 2, h - 1.6]


def text_row(f: Form, fid: str, label: str, value: str, source: str, h: float = 10, **opts: Any) -> None:
    """Draw a full-width row with one text field."""
    box = cell(f, LEFT, RIGHT - LEFT, h, label)
    f.add(id=fid, label=label.replace("\n", ""), page=1, kind="text", source=source, value=value, box=box,
        ** opts)
    f.y += h


def pair_row(
    f: Form, left: tuple[str, str, str, str], right: tuple[str, str, str, str], h: float = 10
) -> None:
    """Draw a row with two text fields side by side: (id, label, value, source) each."""
    half = (RIGHT - LEFT) / 2
    for x, (fid, label, value, source) in ((LEFT, left), (LEFT + half, right)):
        box = cell(f, x, half, h, label, label_w=26)
        f.add(id=fid, label=label.replace("\n", ""), page=1, kind="text", source=source, value=value, box=box)
    f.y += h


def boxes_row(f: Form, fid: str, label: str, value: str, source: str, count: int, pitch: float = 5.5) -> None:
    """Draw a row of one-character boxes (フリガナ, numbers)."""
    h = 8.0
    cell(f, LEFT, RIGHT - LEFT, h, label)
    x0 = LEFT + LABEL_W + 2
    for i in range(count):
        f.op("rect", x0 + i * pitch, f.y + 1, pitch, h - 2)
    f.add(id=fid, label=label.replace("\n", ""), page=1, kind="boxes", source=source, value=value,
        box=[x0, f.y + 1, count * pitch, h - 2], count=count, pitch=pitch)
    f.y += h


def postal_address_row(
    f: Form, prefix: str, fid: str, label: str, source: str, h: float = 14,
    values: tuple[str, str] | None = None,
) -> None:
    """Draw an address row with seven postal-code boxes above the address line.

    The values are `{prefix}.postal_code` and `{prefix}.address` unless `values` gives both expressions.
    """
    postal, address = values or (f"{prefix}.postal_code", f"{prefix}.address")
    cell(f, LEFT, RIGHT - LEFT, h, label)
    x0 = LEFT + LABEL_W + 6
    f.op("text", LEFT + LABEL_W + 1.5, f.y + 4.3, "〒", 8)
    for i in range(7):
        gap = 2.5 if i >= 3 else 0
        f.op("rect", x0 + i * 4.5 + gap, f.y + 1, 4.5, 4.5)
    f.op("text", x0 + 3 * 4.5 + 0.6, f.y + 4.3, "-", 8)
    f.add(id=f"{fid}_postal", label=f"{label}（郵便番号）", page=1, kind="boxes", source=source,
        value=f"digits({postal})", box=[x0, f.y + 1, 34, 4.5], count=7, pitch=4.5, gap_after=3,
        gap=2.5, size=9)
    f.add(id=fid, label=label, page=1, kind="text", source=source, value=address,
        box=[LEFT + LABEL_W + 1, f.y + 6.2, RIGHT - LEFT - LABEL_W - 2, h - 7], size=11, min_size=7,
        lines=2)
    f.y += h


def birth_sex_row(f: Form, prefix: str, fid: str, source: str = "register", sex: bool = True) -> None:
    """Draw 生年月日 with era options to circle, and optionally 性別 男・女."""
    h = 9.0
    width = 120.0 if sex else RIGHT - LEFT
    cell(f, LEFT, width, h, "生年月日")
    x = LEFT + LABEL_W + 2
    eras: dict[str, list[float]] = {}
    for era in ERAS:
        f.op("text", x, f.y + 5.8, era, 8)
        eras[era] = [x - 0.8, f.y + 2.2, 7.2, 4.8]
        x += 8.5
    f.op("text", x + 9, f.y + 5.8, "年", 8)
    f.op("text", x + 20, f.y + 5.8, "月", 8)
    f.op("text", x + 31, f.y + 5.8, "日", 8)
    f.add(id=fid, label="生年月日", page=1, kind="date", source=source, value=f"{prefix}.birth_date",
        style="parts", era=eras, year=[x + 1, f.y + 1.5, 7.5, 6], month=[x + 12.5, f.y + 1.5, 7, 6],
        day=[x + 23.5, f.y + 1.5, 7, 6], size=10)
    if sex:
        cell(f, LEFT + width, RIGHT - LEFT - width, h, "性別", label_w=14)
        sx = LEFT + width + 24
        f.op("text", sx, f.y + 5.8, "男　・　女", 9)
        em = 9 / 72 * 25.4  # one full-width character at 9 pt: 女 is the fifth of 「男　・　女」
        f.add(id=f"{fid.replace('birth_date', 'sex')}", label="性別", page=1, kind="circle", source=source,
            value=f"{prefix}.sex",
            options={"男": [sx - 1.2, f.y + 1.8, 5.6, 5.4], "女": [sx + 4 * em - 1.2, f.y + 1.8, 5.6, 5.4]})
    f.y += h


def date_row(f: Form, fid: str, label: str, value: str, source: str) -> None:
    """Draw a 和暦 date row: 令和 printed, year/month/day written in the blanks."""
    h = 8.0
    cell(f, LEFT, RIGHT - LEFT, h, label)
    x = LEFT + LABEL_W + 2
    eras: dict[str, list[float]] = {}
    for era in ERAS[2:]:
        f.op("text", x, f.y + 5.3, era, 8)
        eras[era] = [x - 0.8, f.y + 1.7, 7.2, 4.8]
        x += 8.5
    for i, unit in enumerate(("年", "月", "日")):
        f.op("text", x + 9 + i * 11, f.y + 5.3, unit, 8)
    f.add(id=fid, label=label, page=1, kind="date", source=source, value=value, style="parts", era=eras,
        year=[x + 1, f.y + 1, 7.5, 6], month=[x + 12.5, f.y + 1, 7, 6], day=[x + 23.5, f.y + 1, 7, 6],
        size=10)
    f.y += h


def choice_row(
    f: Form, fid: str, label: str, options: list[str], value: str, source: str, kind: str = "circle"
) -> None:
    """Draw printed options; a circle goes round one of them, or a check into its square."""
    h = 8.0
    cell(f, LEFT, RIGHT - LEFT, h, label)
    x = LEFT + LABEL_W + 3
    if kind == "circle":
        boxes: dict[str, list[float]] = {}
        for opt in options:
            width = 3.2 * len(opt) + 1.6
            f.op("text", x, f.y + 5.3, opt, 8.5)
            boxes[opt] = [x - 0.8, f.y + 1.3, width, 5.4]
            x += width + 4.5
        f.add(id=fid, label=label, page=1, kind="circle", source=source, value=value, options=boxes)
    else:
        for opt, cond in zip(options, value.split(" ;; "), strict=True):
            f.op("rect", x, f.y + 2.2, 3.6, 3.6)
            f.op("text", x + 4.8, f.y + 5.3, opt, 8.5)
            f.add(id=f"{fid}_{len([q for q in f.fields if q['id'].startswith(fid)]) + 1}",
                label=f"{label}：{opt}", page=1, kind="check", source=source, value=cond,
                box=[x, f.y + 2.2, 3.6, 3.6])
            x += 3.3 * len(opt) + 11
    f.y += h


def sign_row(f: Form, fid: str, label: str, note: str = "（ご本人が自署してください）") -> None:
    """Draw a signature row that the resident must write."""
    h = 12.0
    box = cell(f, LEFT, RIGHT - LEFT, h, label)
    f.op("text", RIGHT - 52, f.y + h - 2, note, 7)
    f.add(id=fid, label=label.replace("\n", ""), page=1, kind="text", source="resident", value="", box=box)
    f.y += h


def note(f: Form, text: str, size: float = 7.5) -> None:
    """Draw small explanatory lines under the tables."""
    for line in text.split("\n"):
        f.op("text", LEFT + 1, f.y + 4, line, size)
        f.y += 4
    f.y += 1


def staff_box(f: Form, items: str) -> None:
    """Draw the office-use box (職員記入欄) at the foot of the page."""
    top = max(f.y + 4, 250.0)
    f.op("rect", LEFT, top, RIGHT - LEFT, 297 - 15 - top)
    f.op("text", LEFT + 2, top + 4.5, "【職員記入欄】", 8)
    for i, line in enumerate(items.split("\n")):
        f.op("text", LEFT + 4, top + 9.5 + i * 4.6, line, 7.5)
    for i, stamp in enumerate(("受付", "審査", "入力")):
        x = RIGHT - 60 + i * 20
        f.op("rect", x, top + 2, 18, 18)
        f.op("ctext", x + 9, top + 5.5, stamp, 7)


def person_block(f: Form, prefix: str, who: str, source: str = "register", sex: bool = True) -> None:
    """Draw the usual person block: address, フリガナ, name, birth date and sex."""
    postal_address_row(f, prefix, f"{who}_address", "住　所", source)
    boxes_row(f, f"{who}_kana", "フリガナ", f"katakana({prefix}.kana)", source, count=26)
    text_row(f, f"{who}_name", "氏　名", f"{prefix}.name", source, h=11, size=14, min_size=8)
    birth_sex_row(f, prefix, f"{who}_birth_date", source, sex=sex)


def applicant_block(
    f: Form, prefix: str = "applicant", heading: str = "届出人（窓口に来られた方）",
    relationship: str = "亡くなった方\nとの続柄",
) -> None:
    """Draw the applicant block: address, name, relationship, phone and signature."""
    section(f, heading)
    postal_address_row(f, prefix, "applicant_address", "住　所", "register")
    text_row(f, "applicant_name", "氏　名", f"{prefix}.name", "register", h=10, size=13, min_size=8)
    pair_row(f, ("applicant_relationship", relationship, f"{prefix}.relationship", "interview"),
        ("applicant_phone", "電話番号", f"{prefix}.phone", "interview"))
    sign_row(f, "applicant_signature", "署　名")


def bank_block(f: Form, prefix: str = "answers.bank") -> None:
    """Draw the transfer account block (振込先)."""
    section(f, "振込先（申請者名義の口座）")
    pair_row(f, ("bank_name", "金融機関名", f"{prefix}.name", "interview"),
        ("bank_branch", "支店名", f"{prefix}.branch", "interview"))
    choice_row(f, "bank_type", "預金種目", ["普通", "当座"], f"{prefix}.type", "interview")
    boxes_row(f, "bank_number", "口座番号", f"{prefix}.number", "interview", count=7, pitch=6)
    boxes_row(f, "bank_holder_kana", "口座名義\n（カナ）", f"katakana({prefix}.holder_kana)", "interview",
        count=26)

# fmt: on
# fmt: off


# -- the sample forms (kept one row per line: they read like the paper form) ----------------


def form_m01() -> Form:
    """Draw 住民異動届 (転入・転居・転出・世帯主変更 …; the printing procedure picks the kind)."""
    f = Form("F_M01", "住民異動届", "shimin")
    kinds = ["転入", "転居", "転出", "世帯主変更", "世帯分離", "世帯合併"]
    f.settings = {"kind": kinds}
    title(f, "住 民 異 動 届", "（転入・転居・転出・世帯主変更・世帯分離・世帯合併）")
    choice_row(f, "move_kind", "届出の種類", kinds, "settings.kind", "event")
    date_row(f, "moved_on", "異動年月日", "event.date", "event")
    # The household's address stays the 新住所 unless the household moves away from it (転出・転居,
    # or a move whose kind the procedure leaves open): then the new address is asked. A move-in's
    # 旧住所 and 旧世帯主 come from the 転出証明書 (asked); otherwise from the register.
    stays = "known_in(settings.kind, '転入', '世帯主変更', '世帯分離', '世帯合併')"
    move_in = "known_in(settings.kind, '転入')"
    postal_address_row(f, "household", "household_address", "新住所", "interview", values=(
        f"pick({stays}, household.postal_code, answers.move.new_postal_code)",
        f"pick({stays}, household.address, answers.move.new_address)"))
    previous = f"pick({move_in}, answers.move.previous_address, person.address)"
    text_row(f, "previous_address", "旧住所", previous, "interview", h=9, size=10, min_size=7)
    old_head = f"pick({move_in}, answers.move.previous_householder, household.head_name)"
    pair_row(f, ("old_householder", "旧世帯主", old_head, "interview"),
        ("new_householder", "新世帯主", "answers.new_householder.name", "interview"))
    section(f, "異動者")
    boxes_row(f, "mover_kana", "フリガナ", "katakana(person.kana)", "register", count=26)
    text_row(f, "mover_name", "氏　名", "person.name", "register", h=11, size=14, min_size=8)
    birth_sex_row(f, "person", "mover_birth_date", "register")
    new_relationship = "pick(settings.kind == '世帯主変更', '世帯主', person.relationship)"
    pair_row(f, ("mover_old_relationship", "旧続柄", "person.relationship", "register"),
        ("mover_new_relationship", "新続柄", new_relationship, "event"))
    applicant_block(f, relationship="異動する方\nとの続柄")
    note(
        f,
        "※ 住所を定めた日から14日以内に届け出てください。"
        "世帯主が亡くなり15歳以上の世帯員が2人以上残るときも同じです。",
    )
    staff_box(
        f,
        "本人確認：□運転免許証　□マイナンバーカード　□その他（　　　　）\n"
        "連絡：□国保　□後期　□介護　□年金　□児童手当　□学校　□印鑑",
    )
    return f


def form_m03() -> Form:
    """Draw 印鑑登録廃止申請書."""
    f = Form("F_M03", "印鑑登録廃止申請書", "shimin")
    title(f, "印 鑑 登 録 廃 止 申 請 書", "（印鑑登録証亡失届を兼ねます）")
    boxes_row(f, "registration_number", "登録番号", "deceased.inkan_number", "system", count=8, pitch=6)
    section(f, "登録者")
    person_block(f, "deceased", "registrant")
    choice_row(f, "reason", "廃止の理由", ["登録者の死亡", "登録証の返還", "登録証の亡失", "印鑑の亡失"],
        "'登録者の死亡'", "event")
    date_row(f, "death_date", "死亡年月日", "deceased.death_date", "register")
    applicant_block(f, heading="申請者")
    staff_box(f, "登録証：□返還あり　□返還なし（亡失）\n本人確認書類：")
    return f


def form_h01() -> Form:
    """Draw 国民健康保険 異動届 (取得・喪失・変更; the printing procedure picks the kind and reason)."""
    f = Form("F_H01", "国民健康保険 異動届", "hoken_nenkin")
    acquire = ["転入", "出生", "社保離脱", "生保廃止"]
    lose = ["死亡", "転出", "社保加入", "後期移行"]
    change = ["世帯主変更", "氏名変更"]
    f.settings = {"change": ["取得", "喪失", "変更"], "reason": acquire + lose + change}
    title(f, "国 民 健 康 保 険 異 動 届", "（資格取得・喪失・変更）")
    pair_row(f, ("householder_name", "世帯主氏名", "household.head_name", "register"),
        ("insurance_number", "記号番号", "person.nhi_number", "system"))
    choice_row(f, "change_kind", "異動の区分", ["取得", "喪失", "変更"], "settings.change", "event")
    reasons = (("acquire_reason", "取得の事由", acquire), ("loss_reason", "喪失の事由", lose),
               ("change_reason", "変更の事由", change))
    for fid, label, options in reasons:
        choice_row(f, fid, label, options, " ;; ".join(f"settings.reason == '{o}'" for o in options), "event",
            kind="check")
    date_row(f, "changed_on", "異動年月日", "event.date", "event")
    section(f, "異動する方")
    person_block(f, "person", "insured")
    text_row(f, "insured_relationship", "世帯主との続柄", "person.relationship", "register", h=8, size=10)
    choice_row(
        f,
        "returned",
        "返却するもの",
        ["資格確認書", "保険証", "高齢受給者証"],
        "settings.change == '喪失' and '資格確認書' in answers.returned_items ;; "
        "settings.change == '喪失' and '保険証' in answers.returned_items ;; "
        "settings.change == '喪失' and '高齢受給者証' in answers.returned_items",
        "interview",
        kind="check",
    )
    applicant_block(f, relationship="異動する方\nとの続柄")
    staff_box(f, "資格確認書：□回収　□未回収　□交付\n所得申告：□要　□不要")
    return f


def form_h02() -> Form:
    """Draw 国民健康保険 葬祭費支給申請書."""
    f = Form("F_H02", "国民健康保険 葬祭費支給申請書", "hoken_nenkin")
    title(f, "国 民 健 康 保 険 葬 祭 費 支 給 申 請 書")
    note(f, "下記のとおり葬祭費の支給を申請します。", size=8.5)
    pair_row(f, ("insurance_number", "記号番号", "deceased.nhi_number", "system"),
        ("deceased_name", "亡くなった方", "deceased.name", "register"))
    birth_sex_row(f, "deceased", "deceased_birth_date", "register")
    postal_address_row(f, "deceased", "deceased_address", "住　所", "register")
    date_row(f, "death_date", "死亡年月日", "deceased.death_date", "register")
    date_row(f, "funeral_date", "葬祭を行った日", "answers.funeral_date", "interview")
    text_row(f, "chief_mourner", "喪主（葬祭執行者）", "answers.chief_mourner", "interview", h=9, size=12)
    choice_row(f, "third_party", "第三者行為", ["有", "無"], "pick(answers.third_party, '有', '無')",
        "interview")
    applicant_block(f, heading="申請者（喪主）")
    bank_block(f)
    staff_box(f, "確認書類：□会葬礼状　□葬儀の領収書　□火葬許可証の写し")
    return f


def form_h03() -> Form:
    """Draw 後期高齢者医療 資格確認書・保険証等返還届 (喪失: 死亡・転出)."""
    f = Form("F_H03", "後期高齢者医療 資格喪失・返還届", "hoken_nenkin")
    f.settings = {"reason": ["死亡", "転出", "その他"]}
    title(f, "後期高齢者医療 資格確認書・保険証等返還届", "（資格喪失）")
    boxes_row(f, "insured_number", "被保険者番号", "person.late_elderly_number", "system", count=8, pitch=6)
    section(f, "被保険者")
    person_block(f, "person", "insured")
    choice_row(f, "reason", "喪失の事由", ["死亡", "転出", "その他"], "settings.reason", "event")
    date_row(f, "changed_on", "異動年月日", "event.date", "event")
    choice_row(
        f,
        "returned",
        "返還するもの",
        ["資格確認書", "保険証", "限度額認定証", "特定疾病受療証"],
        "'資格確認書' in answers.returned_items ;; '保険証' in answers.returned_items ;; "
        "'限度額認定証' in answers.returned_items ;; '特定疾病受療証' in answers.returned_items",
        "interview",
        kind="check",
    )
    applicant_block(f, relationship="被保険者\nとの続柄")
    staff_box(f, "回収：□資格確認書　□保険証　□認定証\n広域連合へ送付：　　月　　日　負担区分等証明書：□交付")
    return f


def form_h04() -> Form:
    """Draw 後期高齢者医療 葬祭費支給申請書."""
    f = Form("F_H04", "後期高齢者医療 葬祭費支給申請書", "hoken_nenkin")
    title(f, "後期高齢者医療 葬祭費支給申請書")
    boxes_row(f, "insured_number", "被保険者番号", "deceased.late_elderly_number", "system", count=8, pitch=6)
    text_row(f, "deceased_name", "亡くなった方", "deceased.name", "register", h=10, size=13)
    birth_sex_row(f, "deceased", "deceased_birth_date", "register")
    postal_address_row(f, "deceased", "deceased_address", "住　所", "register")
    date_row(f, "death_date", "死亡年月日", "deceased.death_date", "register")
    date_row(f, "funeral_date", "葬祭を行った日", "answers.funeral_date", "interview")
    choice_row(f, "third_party", "第三者行為", ["有", "無"], "pick(answers.third_party, '有', '無')",
        "interview")
    applicant_block(f, heading="申請者（喪主）")
    bank_block(f)
    staff_box(f, "添付：□会葬礼状　□葬儀の領収書　□火葬の領収書")
    return f


def form_l01() -> Form:
    """Draw 介護保険 資格取得・異動・喪失届 (the printing procedure picks the kind and reason)."""
    f = Form("F_L01", "介護保険 資格取得・異動・喪失届", "kaigo")
    kinds = ["取得", "喪失", "住所変更", "氏名変更"]
    reasons = ["転入", "転出", "死亡", "施設入退所", "その他"]
    f.settings = {"change": kinds, "reason": reasons}
    title(f, "介 護 保 険 資 格 取 得 ・ 異 動 ・ 喪 失 届")
    boxes_row(f, "insured_number", "被保険者番号", "person.kaigo_number", "system", count=10, pitch=6)
    choice_row(f, "change_kind", "届出の区分", kinds, "settings.change", "event")
    choice_row(f, "reason", "異動の事由", reasons, "settings.reason", "event")
    date_row(f, "changed_on", "異動年月日", "event.date", "event")
    section(f, "被保険者")
    person_block(f, "person", "insured")
    pair_row(f, ("householder_name", "世帯主氏名", "household.head_name", "register"),
        ("insured_relationship", "続柄", "person.relationship", "register"))
    applicant_block(f, relationship="被保険者\nとの続柄")
    staff_box(f, "介護保険証：□回収　□未回収\n負担割合証：□回収　□未回収　受給資格証明書：□受理　□交付")
    return f


def heir_block(f: Form) -> None:
    """Draw the 相続人代表者 block shared by the two tax forms."""
    section(f, "相続人代表者")
    postal_address_row(f, "answers.heir", "heir_address", "住　所", "interview")
    boxes_row(f, "heir_kana", "フリガナ", "katakana(answers.heir.kana)", "interview", count=26)
    text_row(f, "heir_name", "氏　名", "answers.heir.name", "interview", h=10, size=13)
    birth_sex_row(f, "answers.heir", "heir_birth_date", "interview", sex=False)
    pair_row(f, ("heir_relationship", "被相続人\nとの続柄", "answers.heir.relationship", "interview"),
        ("heir_phone", "電話番号", "answers.heir.phone", "interview"))
    sign_row(f, "heir_signature", "代表者署名")


def deceased_tax_block(f: Form) -> None:
    """Draw the 被相続人 block shared by the two tax forms."""
    section(f, "被相続人（亡くなった方）")
    postal_address_row(f, "deceased", "deceased_address", "住　所", "register")
    text_row(f, "deceased_name", "氏　名", "deceased.name", "register", h=10, size=13)
    birth_sex_row(f, "deceased", "deceased_birth_date", "register", sex=False)
    date_row(f, "death_date", "死亡年月日", "deceased.death_date", "register")


def form_t01() -> Form:
    """Draw 相続人代表者指定届 (個人住民税)."""
    f = Form("F_T01", "相続人代表者指定届（住民税）", "zeimu")
    title(f, "相 続 人 代 表 者 指 定 届", "（個人住民税）")
    note(f, "地方税法第9条の2の規定により、相続人の代表者を下記のとおり指定したので届け出ます。", size=8.5)
    text_row(f, "taxpayer_number", "納税義務者番号", "deceased.taxpayer_number", "system", h=8, size=11)
    deceased_tax_block(f)
    heir_block(f)
    staff_box(f, "課税台帳：□更新済　送付先変更：□済")
    return f


def form_t02() -> Form:
    """Draw 相続人代表者指定届 (固定資産税)."""
    f = Form("F_T02", "相続人代表者指定届（固定資産税）", "zeimu")
    title(f, "相続人代表者指定届 兼 固定資産現所有者申告書", "（固定資産税）")
    text_row(f, "taxpayer_number", "納税義務者番号", "deceased.taxpayer_number", "system", h=8, size=11)
    deceased_tax_block(f)
    heir_block(f)
    section(f, "相続の状況")
    text_row(f, "all_heirs", "相続人全員の\n氏名・続柄", "join('、', answers.heirs)", "interview", h=14,
        size=10, min_size=7, lines=3)
    text_row(f, "property_location", "資産の所在", "deceased.property_location", "system", h=10, size=10,
        min_size=7, lines=2)
    choice_row(f, "renounced", "相続放棄", ["有", "無", "未定"], "pick(answers.renounced, '有', '無')",
        "interview")
    choice_row(f, "registration_plan", "相続登記の予定", ["有", "無", "未定"], "answers.registration_plan",
        "interview")
    staff_box(f, "家屋補充課税台帳：□確認済\n名寄帳：□交付")
    return f


def form_w01() -> Form:
    """Draw 障害者手帳・受給者証 返還届."""
    f = Form("F_W01", "障害者手帳返還届", "shogai")
    title(f, "障 害 者 手 帳 ・ 受 給 者 証 返 還 届")
    choice_row(f, "handbook_kind", "手帳の種類", ["身体障害者手帳", "療育手帳", "精神障害者保健福祉手帳"],
        "deceased.handbook_kind", "system")
    text_row(f, "handbook_number", "手帳番号", "deceased.handbook_number", "system", h=8, size=11)
    section(f, "手帳をお持ちだった方")
    person_block(f, "deceased", "holder")
    choice_row(f, "reason", "返還の理由", ["死亡", "転出", "非該当", "その他"], "'死亡'", "event")
    date_row(f, "death_date", "死亡年月日", "deceased.death_date", "register")
    applicant_block(f)
    staff_box(f, "手帳：□返還あり　□亡失\n手当の資格喪失届：□要　□不要")
    return f


def form_c02() -> Form:
    """Draw 児童手当 受給事由消滅届 (受給者の死亡・転出 …)."""
    f = Form("F_C02", "児童手当 受給事由消滅届", "kosodate")
    reasons = ["受給者の死亡", "転出", "監護しなくなった", "公務員になった", "児童の死亡"]
    f.settings = {"reason": reasons}
    title(f, "児 童 手 当 受 給 事 由 消 滅 届")
    text_row(f, "recipient_number", "受給者番号", "person.child_allowance_number", "system", h=8, size=11)
    section(f, "受給者")
    person_block(f, "person", "recipient")
    choice_row(f, "reason", "消滅の事由", reasons, "settings.reason", "event")
    date_row(f, "occurred_on", "事由の発生日", "event.date", "event")
    text_row(f, "children", "対象児童の氏名", "join('、', household.children)", "register", h=12, size=11,
        min_size=7, lines=2)
    applicant_block(f, relationship="受給者\nとの続柄")
    note(f, "※ 児童を養育する方は、新たに認定請求が必要です（15日以内）。")
    staff_box(f, "消滅年月：　　年　　月分まで\n未支払：□有　□無")
    return f


def form_o01() -> Form:
    """Draw おくやみ聞き取りシート."""
    f = Form("F_O01", "おくやみ聞き取りシート", "shimin")
    title(f, "お く や み 窓 口　聞 き 取 り シ ー ト")
    section(f, "亡くなった方")
    boxes_row(f, "deceased_kana", "フリガナ", "katakana(deceased.kana)", "register", count=26)
    text_row(f, "deceased_name", "氏　名", "deceased.name", "register", h=10, size=13)
    birth_sex_row(f, "deceased", "deceased_birth_date", "register")
    text_row(f, "deceased_address", "住　所", "deceased.address", "register", h=10, size=11, min_size=7,
        lines=2)
    date_row(f, "death_date", "死亡年月日", "deceased.death_date", "register")
    section(f, "来庁された方・喪主")
    pair_row(f, ("visitor_name", "来庁者氏名", "applicant.name", "register"),
        ("visitor_relationship", "続柄", "applicant.relationship", "interview"))
    pair_row(f, ("visitor_phone", "電話番号", "applicant.phone", "interview"),
        ("chief_mourner", "喪主", "answers.chief_mourner", "interview"))
    date_row(f, "funeral_date", "葬儀の日", "answers.funeral_date", "interview")
    pair_row(f, ("heir_name", "相続人代表者", "answers.heir.name", "interview"),
        ("heir_phone", "代表者電話", "answers.heir.phone", "interview"))
    section(f, "お持ちだった物・受けていた制度")
    choice_row(
        f,
        "insurance",
        "医療保険",
        ["国保", "後期高齢", "被用者保険"],
        "deceased.insurance == '国保' ;; deceased.insurance == '後期高齢' ;; "
        "deceased.insurance == '被用者保険'",
        "register",
        kind="check",
    )
    choice_row(f, "holdings", "手帳・登録", ["印鑑登録証", "マイナンバーカード", "障害者手帳"],
        "deceased.has_inkan_registration ;; deceased.has_mynumber_card ;; len(deceased.handbooks) > 0",
        "system", kind="check")
    choice_row(f, "property", "財産・契約", ["不動産", "自動車", "犬"],
        "answers.has_real_estate ;; answers.has_car ;; answers.has_dog", "interview", kind="check")
    text_row(f, "memo", "聞き取りメモ", "answers.memo", "interview", h=22, size=10, min_size=7, lines=5)
    f.op("rect", RIGHT - 14, f.y + 3, 14, 40)
    f.op("text", RIGHT - 30, f.y + 6, "喪主名", 7.5)
    f.add(id="chief_mourner_vertical", label="喪主名（縦書き）", page=1, kind="text", source="interview",
        value="answers.chief_mourner", box=[RIGHT - 13, f.y + 4, 12, 38], size=12, min_size=7,
        vertical=True, align="center")
    sign_row_at = f.y + 46
    f.y = sign_row_at
    sign_row(f, "visitor_signature", "来庁者署名", note="（内容を確認のうえ自署してください）")
    return f


def form_h05() -> Form:
    """Draw 後期高齢者医療 相続人代表者届 (申立書兼誓約書)."""
    f = Form("F_H05", "後期高齢者医療 相続人代表者届", "hoken_nenkin")
    title(f, "後期高齢者医療 相続人代表者届",
        "（医療給付の受領・保険料還付口座・送付先変更　申立書兼誓約書）")
    boxes_row(f, "insured_number", "被保険者番号", "deceased.late_elderly_number", "system", count=8, pitch=6)
    text_row(f, "deceased_name", "亡くなった方", "deceased.name", "register", h=10, size=13)
    birth_sex_row(f, "deceased", "deceased_birth_date", "register")
    date_row(f, "death_date", "死亡年月日", "deceased.death_date", "register")
    heir_block(f)
    bank_block(f)
    note(
        f,
        "私は、他の相続人から委任を受けて上記のとおり届け出ます。"
        "このことについて紛争が生じたときは、私が一切の責任を負います。",
        size=8.5,
    )
    staff_box(f, "還付金：□有　□無\n送付先変更：□済")
    return f


def form_l02() -> Form:
    """Draw 介護保険料 過誤納還付請求書 (相続人)."""
    f = Form("F_L02", "介護保険料 過誤納還付請求書", "kaigo")
    title(f, "介 護 保 険 料 過 誤 納 還 付 請 求 書", "（相続人による請求）")
    boxes_row(f, "insured_number", "被保険者番号", "deceased.kaigo_number", "system", count=10, pitch=6)
    text_row(f, "deceased_name", "亡くなった方", "deceased.name", "register", h=10, size=13)
    date_row(f, "death_date", "死亡年月日", "deceased.death_date", "register")
    section(f, "請求者（相続人代表）")
    postal_address_row(f, "answers.heir", "heir_address", "住　所", "interview")
    text_row(f, "heir_name", "氏　名", "answers.heir.name", "interview", h=10, size=13)
    pair_row(f, ("heir_relationship", "亡くなった方\nとの続柄", "answers.heir.relationship", "interview"),
        ("heir_phone", "電話番号", "answers.heir.phone", "interview"))
    sign_row(f, "heir_signature", "請求者署名")
    bank_block(f)
    staff_box(f, "還付額：　　　　　　円\n決定通知：　　月　　日")
    return f


def form_d02() -> Form:
    """Draw 火葬許可申請書."""
    f = Form("F_D02", "火葬許可申請書", "shimin")
    title(f, "火 葬 許 可 申 請 書")
    section(f, "死亡者")
    postal_address_row(f, "deceased", "deceased_address", "住　所", "register")
    text_row(f, "deceased_honseki", "本　籍", "deceased.honseki", "register", h=9, size=11, min_size=7)
    text_row(f, "deceased_name", "氏　名", "deceased.name", "register", h=10, size=13)
    birth_sex_row(f, "deceased", "deceased_birth_date", "register")
    date_row(f, "death_date", "死亡年月日", "deceased.death_date", "event")
    text_row(f, "death_place", "死亡の場所", "deceased.death_place", "event", h=9, size=11, min_size=7)
    choice_row(f, "infection", "感染症", ["一類感染症等", "その他"], "'その他'", "event")
    date_row(f, "cremation_date", "火葬の日", "answers.cremation_date", "interview")
    text_row(f, "crematorium", "火葬の場所", "answers.crematorium", "interview", h=9, size=11)
    applicant_block(f, heading="申請者")
    staff_box(f, "死亡届受理：　　月　　日\n火葬許可証番号：")
    return f


FORMS = (form_m01, form_m03, form_h01, form_h02, form_h03, form_h04, form_l01, form_t01, form_t02, form_w01,
    form_c02, form_o01, form_h05, form_l02, form_d02)

# fmt: on


# -- output ------------------------------------------------------------------------------------


def label_font_bytes(text: str) -> bytes:
    """Subset IPAex 明朝 to the label characters, without hinting, to keep forms small."""
    font = FontToolsFont(MINCHO_PATH, recalcTimestamp=False)
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def draw(form: Form, all_labels: str, path: Path) -> None:
    """Draw one form to a PDF file."""
    # Start with the label font so that no non-embedded Helvetica is referenced.
    c = canvas.Canvas(str(path), pagesize=(PAGE_W * mm, PAGE_H * mm), invariant=1, initialFontName=LABEL_FONT)
    c.setTitle(form.name)
    c.setAuthor("Madoguchi sample city")
    font = pdfmetrics.getFont(LABEL_FONT)
    # Seed every form with the same subset so identical font programs can be shared in a bundle.
    font.splitString(all_labels, c._doc)
    c.setLineWidth(0.5)
    for name, args in form.ops:
        _draw_op(c, name, args)
    c.showPage()
    c.save()


def _draw_op(c: canvas.Canvas, name: str, args: tuple[Any, ...]) -> None:
    """Draw one recorded operation."""
    if name == "rect":
        x, y, w, h = args
        c.rect(x * mm, (PAGE_H - y - h) * mm, w * mm, h * mm, stroke=1, fill=0)
    elif name == "fill":
        x, y, w, h = args
        c.setFillGray(GRAY)
        c.rect(x * mm, (PAGE_H - y - h) * mm, w * mm, h * mm, stroke=0, fill=1)
        c.setFillGray(0)
    else:
        x, y, text, size = args
        c.setFont(LABEL_FONT, size)
        draw_fn = {"text": c.drawString, "ctext": c.drawCentredString, "rtext": c.drawRightString}[name]
        draw_fn(x * mm, (PAGE_H - y) * mm, text)


def layout_document(form: Form) -> dict[str, Any]:
    """Return the layout mapping written to <FORM_ID>.yaml."""
    return {
        "form": form.form_id,
        "name": form.name,
        "department": form.department,
        "base": f"{form.form_id}.pdf",
        **({"settings": form.settings} if form.settings else {}),
        "fields": form.fields,
    }


class _FlowBoxDumper(yaml.SafeDumper):
    """Write number lists (boxes) on one line: [x, y, w, h]."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(isinstance(v, int | float) for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_FlowBoxDumper.add_representer(list, _represent_list)


def write_layout(form: Form, path: Path) -> None:
    """Write the layout YAML with a short Japanese header."""
    header = (
        f"# {form.name} の記入位置（レイアウト）。座標は用紙左上からのミリメートル。\n"
        "# 書式は docs/form-layout.md を参照。tools/draw_sample_forms.py --write-layouts で再生成できる。\n"
    )
    body = yaml.dump(
        layout_document(form), Dumper=_FlowBoxDumper, allow_unicode=True, sort_keys=False, width=200
    )
    path.write_text(header + body, encoding="utf-8")


def iter_forms() -> Iterator[Form]:
    """Build every sample form."""
    for build in FORMS:
        yield build()


def main(argv: list[str] | None = None) -> int:
    """Draw all sample forms (and their layouts if asked)."""
    parser = argparse.ArgumentParser(description="見本市の様式PDF（と記入位置YAML）を描画します。")
    parser.add_argument("--out", default="packs/sample-city/forms", help="出力先フォルダ")
    parser.add_argument(
        "--write-layouts", action="store_true", help="記入位置YAMLも書き出す（手修正は上書きされる）"
    )
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    forms = list(iter_forms())
    all_labels = "".join(sorted(set("".join(f.labels() for f in forms))))
    pdfmetrics.registerFont(TTFont(LABEL_FONT, io.BytesIO(label_font_bytes(all_labels))))
    for form in forms:
        draw(form, all_labels, out / f"{form.form_id}.pdf")
        if args.write_layouts:
            write_layout(form, out / f"{form.form_id}.yaml")
    print(f"{len(forms)} 様式を {out} に描画しました。")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
