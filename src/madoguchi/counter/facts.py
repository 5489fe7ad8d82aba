"""Facts from the register (issue 5, item 6): register records → the navigator's facts of an event.

Only what the register really says becomes a fact; everything else stays unknown (absent), so the
navigator asks for it or marks the procedure 要確認. Each fact carries where it came from, shown
read-only on the interview screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from madoguchi.domain.japanese import age_on, child_period_end

if TYPE_CHECKING:
    from madoguchi.registry.models import Resident

HEAD = "世帯主"
SPOUSE_RELATIONS = frozenset({"妻", "夫", "妻（未届）", "夫（未届）"})
# The event fixes the kind of move, so nobody is asked 「転入・転出・転居のどれですか」.
MOVE_TYPES = {"move_in": "転入", "move_out": "転出", "move_within": "転居"}
REGISTER_DONE = "住民記録（異動の記載）"
SEX_WORDS = {"1": "男", "2": "女"}


@dataclass(frozen=True, slots=True)
class Person:
    """A person of a visit as the facts adapter reads them (from the register or typed in)."""

    key: str
    name: str
    kana: str = ""
    birth_date: dt.date | None = None
    sex: str = ""
    relation: str = ""
    current: bool = True
    foreign: bool | None = None
    residence_status: str = ""
    nhi: bool | None = None
    late_elderly: bool | None = None
    care: bool | None = None
    seal: bool | None = None
    mynumber_card: bool | None = None
    pension_kind: str = ""
    from_register: bool = False
    removed_by_death: bool = False
    moved_out: bool = False
    change_reason: str = ""
    changed_on: dt.date | None = None
    honseki: str = ""
    # What the departments' numbers say the person holds (registry.facts.department_holdings), as
    # (name, yes/no or list) pairs; a name absent is unknown (its numbers are not imported).
    holdings: tuple[tuple[str, object], ...] = ()

    def held(self, name: str) -> object:
        """Return what the departments' numbers say of a holding (handbooks, child_allowance …), or None."""
        return dict(self.holdings).get(name)

    def age(self, on: dt.date) -> int | None:
        """Return the age on a day, or None when the birth date is unknown."""
        if self.birth_date is None or on < self.birth_date:
            return None
        return age_on(self.birth_date, on)


HOLDINGS_SOURCE = "業務システムの番号"


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact with the place it came from (shown to staff beside the value)."""

    name: str
    value: object
    source: str


def person_from_resident(resident: Resident) -> Person:
    """Return the adapter's view of a register record."""
    return Person(
        key=f"resident:{resident.pk}",
        name=resident.name,
        kana=resident.kana,
        birth_date=resident.birth_date,
        sex=SEX_WORDS.get(resident.sex, ""),
        relation=resident.relation,
        current=resident.status == 1,
        foreign=resident.resident_kind == 2,
        residence_status=resident.residence_status,
        nhi=resident.national_health_insurance,
        late_elderly=resident.late_elderly_insurance,
        care=resident.care_insurance,
        seal=resident.seal_registered,
        mynumber_card=resident.my_number_card,
        pension_kind=resident.pension_kind,
        from_register=True,
        removed_by_death=resident.status == 3,
        moved_out=resident.status == 2,
        change_reason=resident.change_reason,
        changed_on=resident.changed_on,
        honseki=resident.honseki,
    )


def subject_from_resident(resident: Resident) -> Person:
    """Return a subject of the event (the deceased, a mover …): the register record and what the
    departments' numbers say the person holds (障害者手帳, 児童手当)."""
    from madoguchi.registry.facts import department_holdings

    holdings = tuple(department_holdings(resident.atena_no).items())
    return replace(person_from_resident(resident), holdings=holdings)


def death_facts(deceased: Person, household: Sequence[Person], death_date: dt.date) -> list[Fact]:
    """Return the facts of a death that the register gives: the deceased, household, spouse."""
    source = _source(deceased)
    facts = [Fact("deceased.death_date", death_date, "受付で記録した死亡日（除票の消除日）")]
    facts += _deceased_facts(deceased, death_date, source)
    remaining = [p for p in household if p.key != deceased.key and p.current]
    facts += _household_facts(deceased, remaining, death_date)
    facts += _spouse_facts(deceased, remaining, death_date)
    return facts


def _deceased_facts(person: Person, on: dt.date, source: str) -> list[Fact]:
    age = person.age(on)
    found: list[tuple[str, object]] = [
        ("deceased.age", age),
        ("deceased.sex", person.sex or None),
        ("deceased.resident_type", _resident_type(person)),
        ("deceased.foreign_status", _foreign_status(person)),
        ("deceased.is_householder", person.relation == HEAD if person.relation else None),
        ("deceased.insurance", _insurance(person)),
        ("deceased.kaigo.insured", _care_insured(person, age)),
        ("deceased.has_inkan_registration", person.seal),
        ("deceased.has_mynumber_card", person.mynumber_card),
        ("deceased.removed_by_death", person.removed_by_death if person.from_register else None),
        ("deceased.livelihood_protection", _livelihood_protection(person)),
        # A 保育所 serves children before school age; 児童手当 counts children up to 18.
        ("deceased.in_nursery", False if age is not None and age >= 7 else None),
        ("deceased.is_child_for_allowance", False if age is not None and age >= 19 else None),
    ]
    return [Fact(name, value, source) for name, value in found if value is not None] + [
        Fact(f"deceased.{fact}", person.held(holding), HOLDINGS_SOURCE)
        for fact, holding in DECEASED_HOLDINGS.items()
        if person.held(holding) is not None
    ]


# The deceased's facts the departments' numbers decide: fact name → holding name.
DECEASED_HOLDINGS = {
    "handbooks": "handbooks",
    "jiritsu_shien": "jiritsu_shien",
    "disability_service_user": "disability_service",
    "welfare_medical": "welfare_medical",
    "disability_allowances": "disability_allowances",
    "tax.moped_owner": "moped",
    "child_allowance_recipient": "child_allowance",
    "child_rearing_allowance_recipient": "child_rearing_allowance",
}


def _livelihood_protection(person: Person) -> bool | None:
    # 生活保護 recipients are outside 国保 (国民健康保険法6条9号) and 後期高齢 (高齢者医療確保法51条1号).
    if person.from_register and (person.nhi or person.late_elderly):
        return False
    return None


def _household_facts(deceased: Person, remaining: Sequence[Person], on: dt.date) -> list[Fact]:
    if not deceased.from_register:
        return []
    source = "住民記録（世帯）から計算"
    ages = [p.age(on) for p in remaining]
    facts = [
        Fact("household.size", len(remaining) + 1, source),
        Fact("household.remaining_count", len(remaining), source),
    ]
    if all(a is not None for a in ages):
        facts.append(
            Fact(
                "household.remaining_15plus_count", sum(1 for a in ages if a is not None and a >= 15), source
            )
        )
    children = any(_is_child(p, on) for p in remaining)
    facts.append(Fact("household.has_children_under_18", children, source))
    # No child under 18 left in the household: the deceased was no parent of a minor living here.
    parent = _parent_of_minor(deceased, remaining, on) if children else False
    if parent is not None:
        facts.append(Fact("deceased.is_parent_of_minor_in_household", parent, source))
    if not children:
        # Without a child under 18 in the household, no 児童手当 or 児童扶養手当 is paid to the deceased here
        # (unless the allowance's numbers, imported, say otherwise: a child living elsewhere).
        for fact, holding in (
            ("deceased.child_allowance_recipient", "child_allowance"),
            ("deceased.child_rearing_allowance_recipient", "child_rearing_allowance"),
        ):
            if deceased.held(holding) is None:
                facts.append(Fact(fact, False, source))
    facts.append(Fact("household.remaining_nhi_count", sum(1 for p in remaining if p.nhi), source))
    payer = _nhi_payer(deceased, remaining)
    if payer is not None:
        facts.append(Fact("deceased.is_nhi_payer", payer, source))
    return facts


def _nhi_payer(deceased: Person, remaining: Sequence[Person]) -> bool | None:
    """Return whether the deceased paid the household's 国保税 (the 世帯主, 擬制世帯主 included)."""
    if not deceased.relation:
        return None
    if deceased.relation != HEAD:
        return False
    return bool(deceased.nhi or any(p.nhi for p in remaining))


def _spouse_facts(deceased: Person, remaining: Sequence[Person], on: dt.date) -> list[Fact]:
    spouse = _spouse(deceased, remaining)
    if spouse is None:
        # A spouse may live elsewhere: the register cannot say there is none.
        return []
    source = _source(spouse)
    facts = [Fact("spouse.exists", True, source)]
    age = spouse.age(on)
    if age is not None:
        facts.append(Fact("spouse.age", age, source))
    return facts


def _spouse(deceased: Person, remaining: Sequence[Person]) -> Person | None:
    if deceased.relation == HEAD:
        return next((p for p in remaining if p.relation in SPOUSE_RELATIONS), None)
    if deceased.relation in SPOUSE_RELATIONS:
        return next((p for p in remaining if p.relation == HEAD), None)
    return None


def _parent_of_minor(deceased: Person, remaining: Sequence[Person], on: dt.date) -> bool | None:
    # Relations are to the head, so only a deceased head tells whose children 「子」 are.
    if deceased.relation != HEAD:
        return None
    return any(p.relation == "子" and (p.age(on) or 99) < 18 for p in remaining)


def _is_child(person: Person, on: dt.date) -> bool:
    return person.birth_date is not None and on <= child_period_end(person.birth_date)


def _resident_type(person: Person) -> str | None:
    return None if person.foreign is None else ("外国人" if person.foreign else "日本人")


def _foreign_status(person: Person) -> str | None:
    # Only a literal 特別永住者 is certain; other 在留資格 do not tell the 区分 for sure.
    return "特別永住者" if person.foreign and person.residence_status == "特別永住者" else None


def _insurance(person: Person) -> str | None:
    if person.late_elderly:
        return "後期高齢"
    if person.nhi:
        return "国保"
    # Neither flag: employees' insurance, 生活保護 or none — the register cannot tell which.
    return None


def _care_insured(person: Person, age: int | None) -> bool | None:
    if person.care or (age is not None and age >= 65):
        return True
    return None


def move_facts(event: str, movers: Sequence[Person], on: dt.date) -> list[Fact]:
    """Return the facts of a move that the event and the movers' records give."""
    facts = [
        Fact("move.type", MOVE_TYPES[event], "ライフイベントの種類"),
        Fact("move.date", on, "受付で記録した異動日"),
    ]
    if not movers:
        return facts
    source = "異動する人（住民記録・入力）から計算"
    facts.append(Fact("movers.count", len(movers), source))
    recorded = move_recorded(event, movers, on)
    if recorded is not None:
        facts.append(Fact("movers.move_recorded", recorded, REGISTER_DONE))
    ages = [p.age(on) for p in movers]
    if all(a is not None for a in ages):
        known = [a for a in ages if a is not None]
        facts += _age_facts(movers, known, on, source)
    facts += _flag_facts(movers)
    return facts


def move_recorded(event: str, movers: Sequence[Person], on: dt.date) -> bool | None:
    """Return whether the register already shows this move for every mover (the 届 was accepted).

    None when a mover was typed in: only the register can say the notification is done.
    """
    if not movers or not all(p.from_register for p in movers):
        return None
    return all(_recorded(event, p, on) for p in movers)


def _recorded(event: str, person: Person, on: dt.date) -> bool:
    if event == "move_out":
        # A record removed by 転出 means the 転出届 was accepted, whatever date staff typed.
        return person.moved_out
    # 転入・転居: the current record carries this move (its 異動事由 on or after the move date).
    return (
        person.current
        and person.change_reason == MOVE_TYPES[event]
        and person.changed_on is not None
        and person.changed_on >= on
    )


def _age_facts(movers: Sequence[Person], ages: Sequence[int], on: dt.date, source: str) -> list[Fact]:
    facts = [
        Fact("movers.any_65plus", any(a >= 65 for a in ages), source),
        Fact("movers.any_school_age", any(6 <= a <= 15 for a in ages), source),
        Fact("movers.any_under_18", any(_is_child(p, on) for p in movers), source),
    ]
    if any(a >= 75 for a in ages) or all(a < 65 for a in ages):
        facts.append(Fact("movers.any_late_elderly", any(a >= 75 for a in ages), source))
    return facts


def _flag_facts(movers: Sequence[Person]) -> list[Fact]:
    facts: list[Fact] = []
    registered = all(p.from_register for p in movers)
    for name, values in (
        ("movers.any_foreign", [p.foreign for p in movers]),
        ("movers.any_nhi", [p.nhi for p in movers]),
        ("movers.any_mynumber_card", [p.mynumber_card for p in movers]),
        ("movers.any_inkan_registration", [p.seal for p in movers]),
    ):
        # Register flags are definite: with every mover on the register, no flag set means none.
        value = _any_known(values, all_known=registered)
        if value is not None:
            facts.append(Fact(name, value, "住民記録"))
    if registered:
        type1 = any(p.pension_kind == "第1号" for p in movers)
        facts.append(Fact("movers.any_pension_type1", type1, "住民記録"))
    handbooks = [bool(p.held("handbooks")) if p.held("handbooks") is not None else None for p in movers]
    held = _any_known(handbooks, all_known=all(h is not None for h in handbooks))
    if held is not None:
        facts.append(Fact("movers.any_handbook", held, HOLDINGS_SOURCE))
    return facts


def _any_known(values: Iterable[bool | None], *, all_known: bool) -> bool | None:
    """Return True if any flag is set; False only when every flag is a definite register value."""
    items = list(values)
    if any(v is True for v in items):
        return True
    return False if all_known and all(v is False for v in items) else None


def birth_facts(parents: Sequence[Person], born: dt.date, child: Person | None = None) -> list[Fact]:
    """Return the facts of a birth the register gives: the child's record, the mother's insurance."""
    facts = [Fact("child.birth_date", born, "受付で記録した出生日")]
    if child is not None and child.from_register:
        # A current record born that day: the 出生届 was accepted and the 住民票 written.
        on_register = child.current and child.birth_date == born
        facts.append(Fact("child.on_register", on_register, "住民記録（子）"))
    mother = next((p for p in parents if p.sex == "女"), None)
    if mother is None or not mother.from_register:
        return facts
    if mother.nhi:
        facts.append(Fact("mother.insurance", "国保", "住民記録（母）"))
    age = mother.age(born)
    if mother.pension_kind == "第1号":
        facts.append(Fact("mother.pension_type1", True, "住民記録（母）"))
    elif mother.pension_kind or (age is not None and not 20 <= age < 60):
        facts.append(Fact("mother.pension_type1", False, "住民記録（母）"))
    return facts


def marriage_facts(renamed: Person, household: Sequence[Person], on: dt.date) -> list[Fact]:
    """Return the facts of a marriage the register gives for the person whose surname changes."""
    if not renamed.from_register:
        return []
    source = _source(renamed)
    found: list[tuple[str, object]] = [
        ("renamed.has_mynumber_card", renamed.mynumber_card),
        ("renamed.has_inkan_registration", renamed.seal),
        ("renamed.resident_type", _resident_type(renamed)),
        ("renamed.insurance", "後期高齢" if renamed.late_elderly else "国保" if renamed.nhi else None),
        ("answers.has_children", _minor_children(renamed, household, on)),
    ]
    return [Fact(name, value, source) for name, value in found if value is not None]


def divorce_facts(leaver: Person, household: Sequence[Person], on: dt.date) -> list[Fact]:
    """Return the facts of a divorce the register gives for the person whose surname returns."""
    if not leaver.from_register:
        return []
    source = _source(leaver)
    found: list[tuple[str, object]] = [
        ("leaver.age", leaver.age(on)),
        ("leaver.has_mynumber_card", leaver.mynumber_card),
        ("leaver.has_inkan_registration", leaver.seal),
        ("divorce.has_minor_children", _minor_children(leaver, household, on)),
    ]
    return [Fact(name, value, source) for name, value in found if value is not None]


def _minor_children(person: Person, household: Sequence[Person], on: dt.date) -> bool | None:
    # The register's 続柄 is to the head: only the head's or the spouse's 「子」 are the person's.
    if person.relation != HEAD and person.relation not in SPOUSE_RELATIONS:
        return None
    return any(p.relation == "子" and p.current and _is_child(p, on) for p in household)


# (deceased's 続柄 to the head, person's 続柄 to the head) → the person's 続柄 to the deceased.
# A sex-dependent word is given as (男, 女).
_RELATION_TO: dict[tuple[str, str], str | tuple[str, str]] = {
    (HEAD, "妻"): "妻",
    (HEAD, "夫"): "夫",
    (HEAD, "子"): "子",
    (HEAD, "父"): "父",
    (HEAD, "母"): "母",
    (HEAD, "子の妻"): "子の妻",
    (HEAD, "子の夫"): "子の夫",
    (HEAD, "子の子"): "孫",
    ("妻", HEAD): "夫",
    ("夫", HEAD): "妻",
    ("妻", "子"): "子",
    ("夫", "子"): "子",
    ("妻", "子の子"): "孫",
    ("夫", "子の子"): "孫",
    ("母", HEAD): "子",
    ("父", HEAD): "子",
    ("母", "妻"): "子の妻",
    ("父", "妻"): "子の妻",
    ("母", "夫"): "子の夫",
    ("父", "夫"): "子の夫",
    ("母", "子"): "孫",
    ("父", "子"): "孫",
    ("子", HEAD): ("父", "母"),
    ("子", "妻"): "母",
    ("子", "夫"): "父",
    ("子", "子"): ("兄弟", "姉妹"),
}


def relation_to_deceased(deceased_relation: str, relation: str, sex: str) -> str:
    """Return the person's 続柄 to the deceased from both 続柄 to the head, or '' when unsure."""
    found = _RELATION_TO.get((deceased_relation, relation), "")
    if isinstance(found, tuple):
        return found[0] if sex == "男" else found[1] if sex == "女" else ""
    return found


def _source(person: Person) -> str:
    return "住民記録" if person.from_register else "窓口で入力"


def death_facts_from_register(atena_no: str, death_date: dt.date) -> dict[str, object]:
    """Return the death facts (dotted names) for `madoguchi navigate death --deceased ATENA_NO`.

    Raise LookupError with a Japanese message when no person has the 宛名番号.
    """
    from madoguchi.registry.facts import resident_and_household_by_atena

    found = resident_and_household_by_atena(atena_no)
    if found is None:
        raise LookupError(f"宛名番号 {atena_no} の住民は住民記録にありません")
    resident, members = found
    people = [person_from_resident(m) for m in members]
    return {
        fact.name: fact.value for fact in death_facts(subject_from_resident(resident), people, death_date)
    }
