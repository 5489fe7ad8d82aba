"""What the forms of the required procedures still need from the interview, grouped as questions.

A form layout marks each field's source; the interview fields name data paths such as
``answers.funeral_date`` or ``answers.bank.name``. Only paths that no printed form reads are never
asked, so the interview collects exactly what the bundle needs and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from madoguchi.domain.documents import Field, FormLayout
from madoguchi.domain.rules import UNKNOWN, RuleError

# The settings each printing of a form uses, by form id: {"F_H01": [{"settings": {"change": "取得"}}]}.
Uses = Mapping[str, Sequence[Mapping[str, object]]]

# The data paths the interview asks: answers, and what the applicant tells about themself.
ASKED_ROOTS = frozenset({"answers", "applicant"})
# Paths that share a prefix are asked together, under one heading.
GROUPS: tuple[tuple[str, str], ...] = (
    ("answers.heir.", "相続人代表者"),
    ("answers.bank.", "葬祭費の振込先口座"),
    ("answers.new_householder.", "新しい世帯主"),
    ("answers.move.", "住所の異動"),
    ("applicant.", "来庁者（届出人）"),
)
OTHER_GROUP = "様式に書く事項"
# A check box ticked when an option is among the answers: '保険証' in answers.returned_items
_MEMBER = re.compile(r"'([^']+)' in ")


@dataclass(frozen=True, slots=True)
class FormInput:
    """One value a form needs: its data path, label and how it is entered."""

    path: str
    label: str
    kind: str  # text | date | yesno | choice | multi | list
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FormQuestion:
    """A group of form values asked together (the bank account, the heir …)."""

    key: str
    title: str
    inputs: tuple[FormInput, ...]
    forms: tuple[str, ...]


def form_inputs(
    layouts: Iterable[FormLayout], uses: Uses | None = None
) -> dict[str, tuple[FormInput, tuple[str, ...]]]:
    """Return every interview path the layouts read, with its input and the forms that read it.

    With `uses`, a field is left out when no printing of its form needs the answer (the
    返却するもの of a 国保異動届 printed for an enrolment: 取得 never returns a card).
    """
    found: dict[str, tuple[FormInput, tuple[str, ...]]] = {}
    for layout in layouts:
        contexts = uses.get(layout.form_id) if uses is not None else None
        for field in layout.fields:
            if contexts is not None and not any(_needs_answer(field, c) for c in contexts):
                continue
            for item in _inputs(field):
                known, forms = found.get(item.path, (item, ()))
                merged = _merge(known, item)
                found[item.path] = (
                    merged,
                    (*forms, layout.form_id) if layout.form_id not in forms else forms,
                )
    return found


def _needs_answer(field: Field, context: Mapping[str, object]) -> bool:
    """Return whether the field's value still depends on an answer for this printing.

    Everything the field reads but the interview does not ask (the register, the printed person,
    the event) is taken as known: `pick(known_in(settings.kind, '転入'), answers.move.previous_address,
    person.address)` asks the 旧住所 for a move-in only.
    """
    if field.value is None:
        return True
    given = {name for name in field.value.fact_names if name.split(".")[0] in context}
    known = {name: "" for name in field.value.fact_names if not _asked(name) and name not in given}
    try:
        return field.value.value({**known, **context}) is UNKNOWN
    except (RuleError, TypeError, ValueError):
        return True


def _asked(path: str) -> bool:
    """Return whether a data path is one the interview asks (an answer or the applicant's own data)."""
    return path.split(".")[0] in ASKED_ROOTS


def _inputs(field: Field) -> list[FormInput]:
    if field.source != "interview" or field.value is None:
        return []
    text = field.value.text
    label = field.label.replace("\u3000", "")
    # person / settings / event come from the printing procedure, the household from the register.
    paths = sorted(p for p in field.value.fact_names if _asked(p))
    return [_input(path, label, field, text) for path in paths]


def _input(path: str, label: str, field: Field, text: str) -> FormInput:
    if field.kind == "date":
        return FormInput(path, label, "date")
    if text.startswith("join("):
        return FormInput(path, label, "list")
    member = _MEMBER.search(text)
    if field.kind == "check" and member:
        return FormInput(path, label.split("：")[0], "multi", (member.group(1),))
    if text.startswith(f"pick({path},"):  # pick(answers.third_party, '有', '無')
        return FormInput(path, label, "yesno")
    if field.kind == "circle" and field.options:
        return FormInput(path, label, "choice", tuple(name for name, _ in field.options))
    if field.kind == "check":
        return FormInput(path, label, "yesno")
    return FormInput(path, label, "text")


def _merge(known: FormInput, item: FormInput) -> FormInput:
    if known.kind == "multi" and item.kind == "multi":
        options = tuple(dict.fromkeys((*known.options, *item.options)))
        return FormInput(known.path, known.label, "multi", options)
    return known


# Form values that name a person: filled with one click from a person of the visit (the register's data).
PERSON_PATHS = {"answers.chief_mourner": "name", "answers.new_householder.name": "name"}
PERSON_PREFIXES = ("answers.heir.",)
# A person a form prints as a whole (the 住民異動届 of a 世帯主変更 reads the new 世帯主's 氏名・
# フリガナ・生年月日・性別・続柄 as its subject): one click keeps all of it, though only the name is asked.
WHOLE_PEOPLE = ("answers.new_householder.",)
PERSON_KEYS = ("name", "kana", "birth_date", "sex", "relationship", "address", "postal_code")


def fills_from_person(question: FormQuestion) -> bool:
    """Return whether some value of the question names a person (喪主, 相続人代表者, 新しい世帯主)."""
    return any(i.path in PERSON_PATHS or i.path.startswith(PERSON_PREFIXES) for i in question.inputs)


def person_key(path: str) -> str | None:
    """Return the person's data a form value path holds (answers.heir.address → address), or None."""
    if path in PERSON_PATHS:
        return PERSON_PATHS[path]
    return path.rsplit(".", 1)[-1] if path.startswith(PERSON_PREFIXES + WHOLE_PEOPLE) else None


def person_values(question: FormQuestion, person: Mapping[str, object]) -> dict[str, object]:
    """Return the question's values a person's data fills (name, kana, birth date, address, 続柄 …)."""
    values: dict[str, object] = {}
    for item in question.inputs:
        key = person_key(item.path)
        if key is not None and person.get(key) not in (None, ""):
            values[item.path] = person[key]
    for prefix in WHOLE_PEOPLE:
        if values and any(path.startswith(prefix) for path in values):
            values.update({prefix + k: person[k] for k in PERSON_KEYS if person.get(k) not in (None, "")})
    return values


def form_questions(
    layouts: Iterable[FormLayout], answered: Mapping[str, object], uses: Uses | None = None
) -> tuple[FormQuestion, ...]:
    """Return the groups of form values still unanswered, in the order the forms ask them."""
    return form_groups(form_inputs(layouts, uses), answered)


def form_groups(
    available: Mapping[str, tuple[FormInput, tuple[str, ...]]], answered: Mapping[str, object]
) -> tuple[FormQuestion, ...]:
    """Return the groups of the inputs (``form_inputs``) not among the answered paths."""
    groups: dict[str, tuple[list[FormInput], list[str]]] = {}
    for path, (item, forms) in available.items():
        if path in answered:
            continue
        title = group_title(path)
        inputs, names = groups.setdefault(title, ([], []))
        inputs.append(item)
        names.extend(f for f in forms if f not in names)
    return tuple(
        FormQuestion(title, title, tuple(inputs), tuple(names)) for title, (inputs, names) in groups.items()
    )


def group_title(path: str) -> str:
    """Return the heading a data path is asked under."""
    return next((title for prefix, title in GROUPS if path.startswith(prefix)), OTHER_GROUP)


def value_label(path: str, inputs: Mapping[str, tuple[FormInput, tuple[str, ...]]]) -> str:
    """Return 「葬祭費の振込先口座：口座番号」 for answers.bank.number: never the internal path."""
    found = inputs.get(path)
    label = found[0].label if found is not None else path.rsplit(".", 1)[-1]
    group = group_title(path)
    return label if group == OTHER_GROUP else f"{group}：{label}"


# Account numbers shown masked wherever a resident may read the screen.
ACCOUNT_PATHS = frozenset({"answers.bank.number"})
ACCOUNT_VISIBLE_DIGITS = 3


def mask_account(value: object) -> str:
    """Return 「＊＊＊＊567」: only the last digits of an account number stay readable."""
    text = str(value)
    visible = text[-ACCOUNT_VISIBLE_DIGITS:]
    return "＊" * max(len(text) - len(visible), 0) + visible
