"""Benchmark the interview: how many questions, what is left 要確認, how much of the forms is pre-filled.

For every event of the sample pack, cases are opened on a demo register (registry/demo.py, imported
into a scratch SQLite database) with random subjects of the right kind: a 除票 by death for a death,
a mother of child-bearing age for a birth, a current household for a move-out or a move within the
city, a household drawn by the same generator (typed in, not in the register) for a move-in, a
spouse for a marriage or a divorce. Each interview is answered by a scripted oracle seeded from the
same generator (about one answer in twenty is 「不明」, as at a real counter) until no question is
left; the form values the required forms still need are then typed in.

Printed per event: median and p90 of the navigator's questions asked (a checklist of yes/no facts
on one screen counts once; "facts med" counts every fact answered), the procedures left 要確認
at the end (and how many of them have no note the family can act on), the values staff typed and
the one-click fills (喪主・相続人代表者・新しい世帯主 from the applicant in the register, as the case
page offers), and the fields of the forms as the bundle fills them (the printing code itself,
counted as the print report counts them): "printed" = filled by the system, of which "register"
(register, event, the departments' numbers) and "staff" (interview values: answers, one-click or
typed); "dept": left blank for the department's own system (被保険者番号・記号番号 … the person has
none imported); "resident": to write or sign by hand, including other fields left blank ("(sign)":
of which the signatures). Option boxes that the data leaves unmarked because another option
applies are none of these. The demo's departments' numbers (``madoguchi import-numbers``) are
imported unless ``--without-numbers`` (a city without that link). Run:

    .venv/bin/python bench/interview.py [--cases 200] [--residents 12000] [--seed 7] [--without-numbers]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
UNKNOWN_SHARE = 0.05


@dataclass
class Figures:
    """What one event's cases gave."""

    questions: list[int] = field(default_factory=list)
    facts_asked: list[int] = field(default_factory=list)
    to_confirm: list[int] = field(default_factory=list)
    without_note: list[int] = field(default_factory=list)
    typed_values: list[int] = field(default_factory=list)
    one_click: list[int] = field(default_factory=list)
    fields: Counter[str] = field(default_factory=Counter)
    left: Counter[str] = field(default_factory=Counter)


def setup(directory: str) -> None:
    """Point Django at a scratch SQLite database and migrate it."""
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madoguchi.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load_register(residents: int, seed: int, *, numbers: bool) -> None:
    """Import the demo register (and the departments' numbers) through the ordinary import services."""
    from madoguchi.ops.demo import demo_numbers_load, demo_residents_load

    demo_residents_load(count=residents, seed=seed)
    if numbers:
        demo_numbers_load(count=residents, seed=seed)


def age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


class Oracle:
    """Answers the interview as the family would: plausible values, drawn from a seeded generator."""

    def __init__(self, rng: random.Random, event_date: dt.date) -> None:
        self.rng = rng
        self.event_date = event_date

    def answer(self, spec: Any, unknown_share: float = UNKNOWN_SHARE) -> object:
        rng = self.rng
        if rng.random() < unknown_share:
            return None
        if spec.type == "bool":
            return rng.random() < 0.3
        if spec.type in ("int", "number"):
            return rng.choice((0, 1, 2, 3, 12, 36, 120, 300, 480, 2500, 3200))
        if spec.type == "date":
            return self.event_date - dt.timedelta(days=rng.randint(0, 10))
        if spec.type == "list":
            return rng.sample(list(spec.values), k=min(len(spec.values), rng.choice((0, 0, 1, 2))))
        if spec.values:
            return rng.choice(spec.values)
        return "その他"

    def form_value(self, item: Any) -> object:
        """Return what a clerk types for a form value: plausible text of the path's kind."""
        typed = {"postal_code": "0600001", "phone": "011-222-3333", "kana": "ヤマダ　タロウ"}
        for suffix, value in typed.items():
            if item.path.endswith(suffix):
                return value
        if item.path.endswith("address"):
            return "札幌市中央区北一条西二丁目1番地"
        if item.kind == "date":
            return (self.event_date + dt.timedelta(days=self.rng.randint(1, 5))).isoformat()
        if item.kind == "yesno":
            return self.rng.random() < 0.5
        if item.kind in ("multi", "list"):
            return list(item.options[:1])
        if item.kind == "choice":
            return self.rng.choice(item.options)
        return "記入例"


def subjects(event: str, rng: random.Random, count: int) -> list[tuple[dt.date, list[tuple[str, Any]]]]:
    """Return `count` cases of the event: its date and the (role, register record or typed dict) list."""
    from madoguchi.registry.demo import DemoRegister
    from madoguchi.registry.models import Resident

    current = Resident.objects.filter(status=Resident.Status.RESIDENT)
    today = dt.date(2026, 11, 1)
    cases: list[tuple[dt.date, list[tuple[str, Any]]]] = []
    if event == "death":
        dead = list(Resident.objects.filter(status=Resident.Status.DECEASED).select_related("household"))
        for person in rng.sample(dead, min(count, len(dead))) * (1 + count // max(1, len(dead))):
            members = [m for m in person.household.members.all() if m.status == Resident.Status.RESIDENT]
            people: list[tuple[str, Any]] = [("deceased", person)]
            people.append(("applicant", rng.choice(members)) if members else ("applicant", _typed(rng)))
            cases.append((person.removed_on or today, people))
    elif event == "birth":
        mothers = list(current.filter(sex="2", birth_date__range=(dt.date(1983, 1, 1), dt.date(2006, 1, 1))))
        for mother in rng.sample(mothers, min(count, len(mothers))):
            born = today - dt.timedelta(days=rng.randint(1, 12))
            child = {"name": "窓口　結衣", "kana": "まどぐち ゆい", "birth_date": born}
            child["sex"] = rng.choice("男女")
            cases.append((born, [("child", child), ("parents", mother)]))
    elif event in ("move_out", "move_within"):
        heads = list(current.filter(relation="世帯主").select_related("household"))
        for head in rng.sample(heads, min(count, len(heads))):
            members = [m for m in head.household.members.all() if m.status == Resident.Status.RESIDENT]
            movers = members if rng.random() < 0.7 else members[:1]
            cases.append((today + dt.timedelta(days=rng.randint(-10, 10)), [("movers", m) for m in movers]))
    elif event == "move_in":
        rows = list(DemoRegister(count * 3, rng.randint(1, 10**6)).rows())
        households: dict[str, list[dict[str, str]]] = {}
        for row in rows:
            if row["住民状態"] == "1":
                households.setdefault(row["世帯番号"], []).append(row)
        for members in list(households.values())[:count]:
            movers = [("movers", _typed_row(row)) for row in members]
            cases.append((today - dt.timedelta(days=rng.randint(0, 13)), movers))
    elif event in ("marriage", "divorce"):
        wives = list(current.filter(relation="妻", birth_date__gte=dt.date(1960, 1, 1)))
        role = "renamed" if event == "marriage" else "leaver"
        for wife in rng.sample(wives, min(count, len(wives))):
            cases.append((today - dt.timedelta(days=rng.randint(0, 20)), [(role, wife), ("applicant", wife)]))
    return cases[:count]


def _typed(rng: random.Random) -> dict[str, Any]:
    """A family member from outside the household, typed in by staff (as the counter's form asks)."""
    return {
        "name": "窓口　来庁者",
        "kana": "マドグチ　ライチョウシャ",
        "birth_date": dt.date(1970, 1, 1) + dt.timedelta(days=rng.randint(0, 9000)),
        "postal_code": "0600001",
        "address": "札幌市中央区北一条西二丁目1番地",
    }


def _typed_row(row: dict[str, str]) -> dict[str, Any]:
    from madoguchi.domain.japanese import parse_date

    return {
        "name": row["氏名"],
        "kana": row["氏名フリガナ"],
        "birth_date": parse_date(row["生年月日"]),
        "sex": {"1": "男", "2": "女"}.get(row["性別"], ""),
        "address": row["住所"],
        "postal_code": row["郵便番号"],
        "relationship": row["続柄"],
    }


def run_case(
    event: str, event_date: dt.date, people: list[tuple[str, Any]], seed: int, figures: Figures
) -> None:
    """Open the case, answer every question with the oracle, type the form values, count."""
    from madoguchi.accounts.models import Staff
    from madoguchi.counter import services
    from madoguchi.counter.formdata import fills_from_person
    from madoguchi.counter.printing import case_filled_forms
    from madoguchi.counter.state import case_state
    from madoguchi.domain.documents.report import form_counts
    from madoguchi.domain.navigator import Status
    from madoguchi.registry.models import Resident

    staff = Staff.objects.get(username="bench-interview")
    rng = random.Random(seed)
    oracle = Oracle(rng, event_date)
    case = services.case_open(actor=staff, events=[event], seat="bench", event_date=event_date)
    for role, person in people:
        if isinstance(person, Resident):
            services.case_person_add(case=case, role=role, resident=person, actor=staff)
        else:
            services.case_person_add(case=case, role=role, typed=person, actor=staff)
    today = event_date + dt.timedelta(days=rng.randint(2, 10))
    asked = 0
    state = case_state(case, today=today)
    facts_asked = 0
    while state.questions and asked < 200:
        question = state.questions[0]
        # A checklist is one screen: 「不明」 for all of it, or each line ticked or not.
        unknown = bool(question.items) and rng.random() < UNKNOWN_SHARE
        answers = (
            {
                name: None if unknown else _json(oracle.answer(state.pack.facts[name], unknown_share=0.0))
                for name in question.facts
            }
            if question.items
            else {question.fact: _json(oracle.answer(state.pack.facts[question.fact]))}
        )
        case.answers = {**case.answers, **answers}
        asked += 1
        facts_asked += len(answers)
        state = case_state(case, today=today)
    typed = one_click = 0
    while state.form_questions and typed < 500:
        question = state.form_questions[0]
        # As a clerk would: 喪主・相続人代表者・新しい世帯主 filled from a person of the visit with one
        # click (the button the case page offers), the rest of the group typed.
        values = _one_click(question, state.people) if fills_from_person(question) else {}
        one_click += bool(values)
        for item in question.inputs:
            if item.path not in values:
                values[item.path] = oracle.form_value(item)
                typed += 1
        case.form_values = {**case.form_values, **values}
        state = case_state(case, today=today)
    left = [p for p in state.procedures if p.status == Status.TO_CONFIRM]
    figures.questions.append(asked)
    figures.facts_asked.append(facts_asked)
    figures.to_confirm.append(len(left))
    figures.without_note.append(sum(1 for p in left if not getattr(p, "confirm_note", "")))
    figures.left.update(p.id for p in left if not getattr(p, "confirm_note", ""))
    figures.typed_values.append(typed)
    figures.one_click.append(one_click)
    # The forms as the bundle fills them (same code as printing), counted as the print report does.
    for form in case_filled_forms(case, state, today):
        counts = form_counts(form)
        staff = counts["prefilled_by_source"].get("interview", 0)
        figures.fields["prefilled"] += counts["prefilled"] - staff
        figures.fields["staff"] += staff
        # Left blank: the resident's signature and what no source gave, apart from the numbers of
        # the departments' own systems (被保険者番号 …), which no register holds.
        department = sum(1 for f in form.fields if f.status == "empty" and f.field.source == "system")
        figures.fields["signature"] += counts["left_for_resident"]
        figures.fields["department"] += department
        figures.fields["resident"] += counts["left_for_resident"] + len(counts["empty"]) - department
        figures.fields["unmarked"] += len(counts["unmarked"])


def _one_click(question: Any, people: Any) -> dict[str, object]:
    """Return the values the case page's one-click button fills from the applicant, if any."""
    from madoguchi.counter.printing import one_click_values

    chosen = next((p for p in people if p.role == "applicant" and p.resident_id is not None), None)
    return one_click_values(question, chosen, people) if chosen is not None else {}


def _json(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def pct(values: list[int], share: float) -> float:
    ordered = sorted(values)
    return float(ordered[min(len(ordered) - 1, int(share * len(ordered)))]) if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--residents", type=int, default=12000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--events", nargs="*", default=None)
    parser.add_argument(
        "--without-numbers",
        action="store_true",
        help="do not import the departments' numbers (国保記号番号 …): the city without that link",
    )
    parser.add_argument(
        "--show-left", action="store_true", help="list the procedures left 要確認 without a note"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        setup(directory)
        load_register(args.residents, args.seed, numbers=not args.without_numbers)
        from madoguchi.accounts.services import staff_create
        from madoguchi.counter.packs import current_pack
        from madoguchi.ops.demo import demo_prepare

        demo_prepare()
        staff_create(
            username="bench-interview", password="Kq7-measure-Ttz-2026", display_name="計測", roles=[]
        )
        pack = current_pack()
        rng = random.Random(args.seed)
        print(
            f"pack {pack.id} {pack.version}; {args.cases} cases per event;"
            f" oracle 「不明」 share {UNKNOWN_SHARE};"
            f" departments' numbers {'not imported' if args.without_numbers else 'imported'}"
        )
        header = (
            f"{'event':<12} {'cases':>5} {'q med':>5} {'q p90':>5} {'要確認 med':>9} {'p90':>4} "
            f"{'no note med':>11} {'max':>4} {'typed med':>9} {'1-click':>7} {'printed':>7} "
            f"{'register':>8} {'staff':>6} {'dept':>5} {'resident':>8} {'(sign)':>6} {'facts med':>9}"
        )
        print(header)
        for event in args.events or list(pack.events):
            figures = Figures()
            for number, (event_date, people) in enumerate(subjects(event, rng, args.cases)):
                run_case(event, event_date, people, args.seed * 100000 + number, figures)
            shares = figures.fields
            # Unmarked option boxes (another option applies) are neither filled nor left to write.
            total = (shares["prefilled"] + shares["staff"] + shares["department"] + shares["resident"]) or 1
            print(
                f"{event:<12} {len(figures.questions):>5} {statistics.median(figures.questions):>5.0f} "
                f"{pct(figures.questions, 0.9):>5.0f} {statistics.median(figures.to_confirm):>9.0f} "
                f"{pct(figures.to_confirm, 0.9):>4.0f} {statistics.median(figures.without_note):>11.0f} "
                f"{max(figures.without_note):>4} {statistics.median(figures.typed_values):>9.0f} "
                f"{statistics.median(figures.one_click):>7.0f} "
                f"{(shares['prefilled'] + shares['staff']) / total:>7.0%} "
                f"{shares['prefilled'] / total:>8.0%} "
                f"{shares['staff'] / total:>6.0%} {shares['department'] / total:>5.0%} "
                f"{shares['resident'] / total:>8.0%} {shares['signature'] / total:>6.0%}"
                f" {statistics.median(figures.facts_asked):>9.0f}"
            )
            if args.show_left:
                print("   left:", ", ".join(f"{k}×{v}" for k, v in figures.left.most_common(12)))
            sys.stdout.flush()


if __name__ == "__main__":
    main()
