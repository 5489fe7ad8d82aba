"""The 続柄 the forms print for a person of the visit, from the register before anything typed."""

from __future__ import annotations

from collections.abc import Sequence

from madoguchi.counter import facts as adapter
from madoguchi.counter.models import CasePerson

# Who files when nobody came as 届出人: the first of these (a parent for a birth, a mover …).
STAND_IN_APPLICANTS = ("movers", "parents", "renamed", "leaver")
# The roles whose people the event is about; an applicant's 続柄 is to the first of them.
SUBJECT_ROLES = ("deceased", "movers", "renamed", "leaver", "child")
# A newborn's 続柄 to the head follows from the parent's (住民票の続柄: 世帯主の子、子の子).
CHILD_RELATIONS = {
    "世帯主": "子", "妻": "子", "夫": "子", "子": "子の子", "子の妻": "子の子", "子の夫": "子の子",
}  # fmt: skip


def printed_relationship(person: CasePerson, people: Sequence[CasePerson]) -> str:
    """Return the 続柄 a form prints: the register's, else typed, else derived from the household."""
    resident = person.resident
    if person.role == "deceased" and resident is not None:
        return resident.relation
    if person.relationship:
        return person.relationship
    if person.role == "applicant":
        return _applicant_relation(person, people)
    if resident is not None:
        return resident.relation  # a subject's 続柄 to the 世帯主, as the register has it
    if person.role == "child":
        parent = next((p.resident for p in people if p.role == "parents" and p.resident is not None), None)
        return CHILD_RELATIONS.get(parent.relation, "") if parent is not None else ""
    return ""


def _applicant_relation(applicant: CasePerson, people: Sequence[CasePerson]) -> str:
    """Return the applicant's 続柄 to the person the event is about (本人 when it is them)."""
    resident = applicant.resident
    if resident is None:
        return ""
    if any(p.role == "child" for p in people) and any(
        p.role == "parents" and p.resident_id == resident.pk for p in people
    ):
        return {"男": "父", "女": "母"}.get(applicant.sex, "")
    subject = next(
        (p.resident for role in SUBJECT_ROLES for p in people if p.role == role and p.resident is not None),
        None,
    )
    if subject is None or subject.household_id != resident.household_id:
        return ""
    if subject.pk == resident.pk:
        return "本人"
    # Both in one household: the 続柄 to the subject follows from their 続柄 to the head.
    return adapter.relation_to_deceased(subject.relation, resident.relation, applicant.sex)


def printed_applicant(people: Sequence[CasePerson]) -> CasePerson | None:
    """Return who files: the 届出人 who came, else the first mover, parent, renamed or leaver."""
    applicant = next((p for p in people if p.role == "applicant"), None)
    if applicant is not None:
        return applicant
    stand_in = next((p for role in STAND_IN_APPLICANTS for p in people if p.role == role), None)
    if stand_in is None:
        return None
    # The person themself files (本人), or for a birth the parent (父・母 of the child).
    relation = {"男": "父", "女": "母"}.get(stand_in.sex, "") if stand_in.role == "parents" else "本人"
    names = ("name", "kana", "birth_date", "sex", "postal_code", "address", "phone", "resident")
    return CasePerson(
        **{name: getattr(stand_in, name) for name in names}, role="applicant", relationship=relation
    )
