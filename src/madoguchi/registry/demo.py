"""A realistic, entirely fictitious resident register for demos and benchmarks (deterministic per seed).

The town (窓口県まどか市) does not exist. Households have plausible 続柄 and 記載順位, ages follow a
small Japanese city (about 38% aged 65+), names include 異体字 and MJ characters (𠮷), about 3% are
除票 and 1–2% foreign residents, and insurance flags follow age.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import groupby
from typing import IO

from madoguchi.domain.japanese import format_wareki

COLUMNS = (
    "宛名番号",
    "世帯番号",
    "氏名",
    "氏名フリガナ",
    "生年月日",
    "性別",
    "続柄",
    "住民状態",
    "住民種別",
    "記載順位",
    "郵便番号",
    "住所",
    "方書",
    "住民となった日",
    "異動日",
    "異動事由",
    "消除日",
    "通称",
    "通称フリガナ",
    "国籍",
    "在留資格",
    "在留期間満了日",
    "本籍",
    "筆頭者",
    "国保",
    "後期高齢",
    "介護保険",
    "国民年金種別",
    "印鑑登録",
    "マイナンバーカード",
    "支援措置",
    "電話番号",
)
TODAY = date(2026, 11, 1)
# A row's age, kept beside the columns for the departments' numbers (not a column of the file).
AGE = "_age"


def _pairs(text: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(item.split(":")) for item in text.split())


CITY = "窓口県まどか市"
TOWNS = ("本町", "栄町", "旭町", "緑ケ丘", "松ケ丘", "港町", "川原", "新町", "東山", "西浜", "北野", "南台")
# 氏:フリガナ. Variants (髙橋・齋藤・𠮷田・渡邊・宮﨑…) sit beside their standard forms on purpose.
SURNAMES = _pairs(
    "佐藤:サトウ 鈴木:スズキ 高橋:タカハシ 髙橋:タカハシ 田中:タナカ 伊藤:イトウ 渡辺:ワタナベ "
    "渡邊:ワタナベ 渡邉:ワタナベ 山本:ヤマモト 中村:ナカムラ 小林:コバヤシ 加藤:カトウ 吉田:ヨシダ "
    "𠮷田:ヨシダ 山田:ヤマダ 佐々木:ササキ 山口:ヤマグチ 松本:マツモト 井上:イノウエ 木村:キムラ "
    "斎藤:サイトウ 齋藤:サイトウ 齊藤:サイトウ 斉藤:サイトウ 清水:シミズ 山崎:ヤマザキ 山﨑:ヤマザキ "
    "宮崎:ミヤザキ 宮﨑:ミヤザキ 森:モリ 池田:イケダ 橋本:ハシモト 阿部:アベ 石川:イシカワ 澤田:サワダ "
    "濱田:ハマダ 櫻井:サクライ 廣瀬:ヒロセ 藤原:フジワラ 岡田:オカダ 後藤:ゴトウ 長谷川:ハセガワ "
    "村上:ムラカミ 近藤:コンドウ 石田:イシダ 坂本:サカモト 遠藤:エンドウ 青木:アオキ 藤井:フジイ "
    "福田:フクダ 三浦:ミウラ 太田:オオタ 原:ハラ 槇原:マキハラ 野口:ノグチ 大野:オオノ 島田:シマダ "
    "嶋田:シマダ 安部:アベ "
)
# 名:フリガナ:typical birth year, so that names fit their generation.
MALE = _pairs(
    "太郎:タロウ:1930 一郎:イチロウ:1930 茂:シゲル:1930 勇:イサム:1930 清:キヨシ:1930 實:ミノル:1930 "
    "博:ヒロシ:1945 和夫:カズオ:1945 誠:マコト:1960 浩:ヒロシ:1960 隆:タカシ:1960 健一:ケンイチ:1960 "
    "大輔:ダイスケ:1975 翔太:ショウタ:1985 拓也:タクヤ:1980 健太:ケンタ:1980 蓮:レン:2000 悠真:ユウマ:2000 "
    "陽翔:ハルト:2005 湊:ミナト:2010 恭平:キョウヘイ:1975 亮:リョウ:1985 祐介:ユウスケ:1980 "
    "大翔:ヒロト:2005 "
)
FEMALE = _pairs(
    "ハナ:ハナ:1930 キヨ:キヨ:1930 トミ:トミ:1930 和子:カズコ:1935 幸子:サチコ:1940 節子:セツコ:1935 "
    "恵子:ケイコ:1950 京子:キョウコ:1950 洋子:ヨウコ:1950 久美子:クミコ:1960 由美:ユミ:1965 "
    "真由美:マユミ:1965 恵美:エミ:1970 愛:アイ:1980 彩:アヤ:1985 美咲:ミサキ:1985 さくら:サクラ:1995 "
    "陽菜:ヒナ:2000 結衣:ユイ:2000 凛:リン:2005 芽依:メイ:2010 紬:ツムギ:2015 澄子:スミコ:1935 "
    "榮子:エイコ:1930 "
)
FOREIGNERS = (
    ("NGUYEN VAN AN", "グエン　ヴァン　アン", "", "", "ベトナム", "技能実習", "1"),
    ("TRAN THI MAI", "チャン　ティ　マイ", "", "", "ベトナム", "特定技能", "2"),
    ("KIM YOUNGHO", "キム　ヨンホ", "金田　英夫", "カネダ　ヒデオ", "韓国", "特別永住者", "1"),
    ("LI XIAOMING", "リ　シャオミン", "李　暁明", "リ　ギョウメイ", "中国", "永住者", "1"),
    ("SANTOS MARIA", "サントス　マリア", "", "", "ブラジル", "定住者", "2"),
    ("REYES ANA", "レジェス　アナ", "", "", "フィリピン", "日本人の配偶者等", "2"),
)
# Household kinds: (weight, head age range, shape). Weights are tuned so that about 38% are 65+.
KINDS = (
    (28, (70, 99), "single"),
    (24, (65, 90), "couple"),
    (10, (22, 64), "single"),
    (6, (25, 40), "couple"),
    (17, (30, 55), "family"),
    (8, (55, 75), "three_generations"),
    (4, (28, 50), "single_parent"),
    (3, (40, 70), "with_others"),
)


@dataclass(frozen=True)
class Person:
    """One demo row before it is written."""

    surname: str
    surname_kana: str
    given: str
    given_kana: str
    sex: str
    birth: date
    relation: str
    order: int = 0
    status: str = "1"
    removed_on: date | None = None
    foreign: tuple[str, ...] = ()
    restricted: bool = False


def check_digit(serial: int) -> int:
    """Return the モジュラス11 check digit (weights 2–7 from the right) used for 宛名番号."""
    total = sum(int(d) * (2 + i % 6) for i, d in enumerate(reversed(str(serial))))
    return (11 - total % 11) % 10 if total % 11 else 0


def numbered(serial: int, width: int = 10) -> str:
    """Return a zero-padded number with its check digit."""
    return f"{serial:0{width - 1}d}{check_digit(serial)}"


class DemoRegister:
    """Generate households until ``count`` persons are written."""

    def __init__(self, count: int, seed: int) -> None:
        self.count = count
        self.rng = random.Random(seed)

    def rows(self) -> Iterator[dict[str, str]]:
        """Yield CSV rows (column → text), household by household."""
        written = 0
        household = 0
        while written < self.count:
            household += 1
            members = self._household()[: self.count - written]
            address = self._address()
            for person in members:
                written += 1
                yield self._row(person, written, household, address, members[0])

    def _household(self) -> list[Person]:
        rng = self.rng
        weights = [kind[0] for kind in KINDS]
        _, (low, high), shape = rng.choices(KINDS, weights)[0]
        if rng.random() < 0.03:
            return self._foreign_household(rng.randint(22, 60))
        head = self._person(rng.randint(low, high), "世帯主", sex=rng.choice("11112"))
        # A few single-parent households live under 支援措置 (DV support): every member is restricted.
        restricted = shape == "single_parent" and rng.random() < 0.03
        members = [head, *self._relatives(shape, head)]
        members = [replace(m, order=i + 1, restricted=restricted) for i, m in enumerate(members)]
        return self._maybe_removed(members)

    def _relatives(self, shape: str, head: Person) -> list[Person]:
        rng, age = self.rng, self._age(head.birth)
        out: list[Person] = []
        if shape in ("couple", "family", "three_generations", "with_others"):
            out.append(self._spouse(head, age))
        if shape in ("family", "single_parent", "three_generations"):
            # 記載順位: children by birth date; the eldest child's spouse and children follow them.
            children = [
                self._person(max(0, age - rng.randint(24, 36)), "子", surname=head)
                for _ in range(rng.choice((1, 1, 2, 2, 3)))
            ]
            children.sort(key=lambda child: child.birth)
            out += children
            if shape == "three_generations" and rng.random() < 0.6 and self._age(children[0].birth) >= 25:
                out += self._child_family(children[0])
        if shape == "three_generations":
            out.append(self._person(min(104, age + rng.randint(24, 32)), "母", surname=head, sex="2"))
        if shape == "with_others":
            out.append(
                self._person(rng.randint(20, 80), rng.choice(("縁故者", "同居人")), sex=rng.choice("12"))
            )
        return out

    def _child_family(self, child: Person) -> list[Person]:
        age = self._age(child.birth)
        spouse = self._spouse(child, age)
        family = [replace(spouse, relation=f"子の{spouse.relation}")]
        for _ in range(self.rng.choice((1, 2))):
            family.append(self._person(max(0, age - self.rng.randint(24, 34)), "子の子", surname=child))
        return family

    def _spouse(self, head: Person, age: int) -> Person:
        sex = "2" if head.sex == "1" else "1"
        relation = "妻" if sex == "2" else "夫"
        return self._person(max(18, age + self.rng.randint(-5, 3)), relation, surname=head, sex=sex)

    def _person(self, age: int, relation: str, *, surname: Person | None = None, sex: str = "") -> Person:
        rng = self.rng
        sex = sex or rng.choice("12")
        family = (surname.surname, surname.surname_kana) if surname else rng.choice(SURNAMES)
        birth = TODAY - timedelta(days=age * 365 + rng.randint(0, 364))
        given = self._given(MALE if sex == "1" else FEMALE, birth.year)
        return Person(family[0], family[1], given[0], given[1], sex, birth, relation)

    def _given(self, names: tuple[tuple[str, ...], ...], year: int) -> tuple[str, str]:
        fitting = [n for n in names if abs(int(n[2]) - year) <= 15] or list(names)
        name = self.rng.choice(fitting)
        return name[0], name[1]

    def _foreign_household(self, age: int) -> list[Person]:
        data = self.rng.choice(FOREIGNERS)
        birth = TODAY - timedelta(days=age * 365 + self.rng.randint(0, 364))
        return [Person(data[0], data[1], "", "", data[6], birth, "世帯主", order=1, foreign=data)]

    def _maybe_removed(self, members: list[Person]) -> list[Person]:
        if self.rng.random() >= 0.07:
            return members
        index = self.rng.randrange(len(members))
        person = members[index]
        old = self._age(person.birth) >= 70
        status = "3" if old or self.rng.random() < 0.3 else "2"
        removed = TODAY - timedelta(days=self.rng.randint(3, 700))
        members[index] = replace(person, status=status, removed_on=removed)
        return members

    def _address(self) -> tuple[str, str, str]:
        rng = self.rng
        town = rng.choice(TOWNS)
        block = f"{rng.randint(1, 5)}丁目{rng.randint(1, 30)}番{rng.randint(1, 20)}号"
        flat = f"まどかハイツ{rng.randint(1, 3)}0{rng.randint(1, 8)}号室" if rng.random() < 0.15 else ""
        postal = f"69901{TOWNS.index(town):02d}"
        return postal, f"{CITY}{town}{block}", flat

    @staticmethod
    def _age(birth: date) -> int:
        return TODAY.year - birth.year - ((TODAY.month, TODAY.day) < (birth.month, birth.day))

    def _row(
        self, person: Person, serial: int, household: int, address: tuple[str, str, str], head: Person
    ) -> dict[str, str]:
        age = self._age(person.birth)
        foreign = person.foreign
        name = foreign[0] if foreign else f"{person.surname}　{person.given}"
        kana = foreign[1] if foreign else f"{person.surname_kana}　{person.given_kana}"
        removed = person.removed_on
        reason = {"2": "転出", "3": "死亡"}.get(person.status, "")
        moved_in = (
            person.birth if self.rng.random() < 0.6 else TODAY - timedelta(days=self.rng.randint(30, 9000))
        )
        birth = person.birth.isoformat() if foreign else format_wareki(person.birth, "code")
        return {
            "宛名番号": numbered(serial),
            "世帯番号": numbered(household, 8),
            "氏名": name,
            "氏名フリガナ": kana,
            "生年月日": birth,
            "性別": person.sex,
            "続柄": person.relation,
            "住民状態": person.status,
            "住民種別": "2" if foreign else "1",
            "記載順位": str(person.order),
            "郵便番号": address[0],
            "住所": address[1],
            "方書": address[2],
            "住民となった日": format_wareki(max(moved_in, person.birth), "code"),
            "異動日": format_wareki(removed, "code") if removed else "",
            "異動事由": reason,
            "消除日": format_wareki(removed, "code") if removed else "",
            "通称": foreign[2] if foreign else "",
            "通称フリガナ": foreign[3] if foreign else "",
            "国籍": foreign[4] if foreign else "",
            "在留資格": foreign[5] if foreign else "",
            "在留期間満了日": _expiry(foreign),
            "本籍": "" if foreign else f"{CITY}{TOWNS[serial % len(TOWNS)]}{serial % 40 + 1}番地",
            "筆頭者": "" if foreign else f"{head.surname}　{head.given}",
            "国保": "1" if (65 <= age < 75) or (20 <= age < 65 and serial % 4 == 0) else "0",
            "後期高齢": "1" if age >= 75 else "0",
            "介護保険": "1" if age >= 65 else "0",
            "国民年金種別": self._pension(age, serial),
            "印鑑登録": "1" if age >= 20 and serial % 3 else "0",
            "マイナンバーカード": "1" if serial % 4 else "0",
            "支援措置": "1" if person.restricted else "0",
            "電話番号": f"0854-00-{serial % 10000:04d}" if person.relation == "世帯主" else "",
            AGE: str(age),
        }

    @staticmethod
    def _pension(age: int, serial: int) -> str:
        if not 20 <= age < 60:
            return ""
        return ("第1号", "第3号", "")[serial % 3]


def _expiry(foreign: tuple[str, ...]) -> str:
    # Permanent residents have no period of stay; the others expire some time after the demo's today.
    if not foreign or foreign[5] in ("特別永住者", "永住者"):
        return ""
    return (TODAY + timedelta(days=400)).isoformat()


# CP932 cannot carry 𠮷: like the core systems' 縮退, the CP932 demo file writes the standard form.
CP932_FALLBACK = str.maketrans({"𠮷": "吉"})


def write_demo_csv(out: IO[str], *, count: int, seed: int, cp932: bool = False) -> int:
    """Write ``count`` demo residents as CSV (header first) and return how many were written."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    written = 0
    for row in DemoRegister(count, seed).rows():
        cells = [row[column] for column in COLUMNS]
        writer.writerow([cell.translate(CP932_FALLBACK) for cell in cells] if cp932 else cells)
        written += 1
    return written


NUMBER_COLUMNS = ("宛名番号", "番号の種類", "番号")
HANDBOOK_KINDS = ("身体障害者手帳番号", "療育手帳番号", "精神障害者保健福祉手帳番号")


def demo_numbers(row: dict[str, str], *, parent: bool) -> list[tuple[str, str]]:
    """Return the departments' numbers of a demo person (番号の種類, 番号), following the flags.

    ``parent``: the person heads a household with a child under 18 (児童手当, sometimes 児童扶養手当).
    """
    serial = int(row["宛名番号"][:-1])
    household = int(row["世帯番号"][:-1])
    age = int(row[AGE])
    found = []
    if row["国保"] == "1":
        found.append(("国保記号番号", f"{household % 40 + 1:02d}-{household:07d}"))
    if row["後期高齢"] == "1":
        found.append(("後期高齢者医療被保険者番号", f"3{serial:07d}"))
    if row["介護保険"] == "1":
        found.append(("介護保険被保険者番号", f"9{serial:09d}"))
    if row["印鑑登録"] == "1":
        found.append(("印鑑登録番号", f"{serial:06d}"))
    if age >= 20:
        found.append(("納税義務者番号", f"7{serial:09d}"))
    if parent:
        found.append(("児童手当受給者番号", f"5{household:07d}"))
        if serial % 7 == 0:
            found.append(("児童扶養手当受給者番号", f"6{household:07d}"))
            found.append(("ひとり親家庭等医療受給者番号", f"H{household:07d}"))
    if age < 18:
        found.append(("子ども医療受給者番号", f"K{serial:07d}"))
    if age >= 18 and serial % 19 == 0:
        found.append((HANDBOOK_KINDS[serial % 3], f"第{serial:05d}号"))
        if serial % 95 == 0:
            found.append(("市町村独自手当受給者番号", f"M{serial:07d}"))
        if serial % 3 == 0:
            found.append(("重度心身障害者医療受給者番号", f"J{serial:07d}"))
        if serial % 2 == 0:
            found.append(("障害福祉サービス受給者証番号", f"{serial:010d}"))
        if serial % 5 == 0:
            found.append(("特別障害者手当受給者番号", f"T{serial:07d}"))
    if age >= 18 and serial % 29 == 0:
        found.append(("自立支援医療受給者番号", f"{serial:07d}"))
    if age < 18 and serial % 41 == 0:
        found.append(("障害児福祉手当受給者番号", f"S{serial:07d}"))
        found.append(("特別児童扶養手当受給者番号", f"R{serial:07d}"))
    if 16 <= age < 80 and serial % 23 == 0:
        found.append(("原動機付自転車標識番号", f"まどか市 あ {serial % 10000:04d}"))
    return found


def write_demo_numbers_csv(out: IO[str], *, count: int, seed: int) -> int:
    """Write the departments' numbers of the same demo register (``write_demo_csv``); return the lines."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(NUMBER_COLUMNS)
    written = 0
    for _, rows in groupby(DemoRegister(count, seed).rows(), key=lambda row: row["世帯番号"]):
        members = list(rows)
        children = any(int(r[AGE]) < 18 and r["住民状態"] == "1" for r in members)
        for row in members:
            parent = children and row["続柄"] == "世帯主" and row["住民状態"] == "1"
            for kind, number in demo_numbers(row, parent=parent):
                writer.writerow((row["宛名番号"], kind, number))
                written += 1
    return written
