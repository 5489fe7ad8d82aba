"""The compiled navigator gives exactly what the plain, fully traced algorithm gives.

The reference below is the navigator as first written: trace every condition, word the trace,
copy the facts for every probed answer. The fast path must agree with it on any facts.
"""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from madoguchi.domain.navigator import navigate
from madoguchi.domain.navigator.deadlines import anchor_date, make_deadline
from madoguchi.domain.navigator.explain import compile_explainers, compile_outcome, reasons, unknown_facts
from madoguchi.domain.navigator.navigate import STATUS_BY_VALUE, flatten_facts
from madoguchi.domain.navigator.questions import deciding_facts, probe_values, rank_questions
from madoguchi.domain.navigator.reasons import reasons_for, reasons_from
from madoguchi.domain.navigator.results import Navigation, ProcedureResult
from madoguchi.domain.packs import FactSpec, Pack, coerce_facts, load_pack
from madoguchi.domain.rules import UNKNOWN, RuleError, TraceNode, compile_expression, read_fact

PACK_DIR = Path(__file__).resolve().parents[3] / "packs" / "sample-city"
DAYS = [dt.date(2026, 11, 30), dt.date(2026, 12, 28), dt.date(2027, 5, 1)]

PACK = load_pack(PACK_DIR)


def _unknown(node: TraceNode, names: dict[str, None]) -> None:
    if node.fact is not None and node.value is UNKNOWN:
        names[node.fact] = None
    for child in node.children:
        _unknown(child, names)


def _deciding(pack: Pack, condition, facts: dict) -> tuple[str, ...]:
    found = []
    for name in sorted(condition.fact_names):
        spec = pack.facts.get(name)
        if spec is None or spec.source != "interview" or read_fact(facts, name) is not UNKNOWN:
            continue
        for answer in probe_values(spec, condition):
            try:
                if condition.value({**facts, name: answer}) is not UNKNOWN:
                    found.append(name)
                    break
            except RuleError:
                pass
    return tuple(found)


def _reference_result(pack: Pack, pid: str, facts: dict, today: dt.date) -> ProcedureResult:
    procedure = pack.procedures[pid]
    department = pack.departments[procedure.department]
    deadline, unknown = None, ()
    try:
        evaluation = procedure.condition.evaluate(facts)
    except RuleError as err:
        status, why = "to_confirm", (f"条件を判定できません: {err}",)
    else:
        status, why = STATUS_BY_VALUE.get(evaluation.value, "to_confirm"), reasons_for(evaluation, pack.facts)
        names: dict[str, None] = {}
        for atom in evaluation.decisive():
            _unknown(atom, names)
        unknown = tuple(names) if status == "to_confirm" else ()
        rule = procedure.deadline
        if rule is not None and status != "not_needed":
            anchors = {name: read_fact(facts, name) for name in rule.anchors}
            deadline = make_deadline(rule, anchor_date(rule, anchors), today, pack.urgent_days)
    return ProcedureResult(
        procedure.id, procedure.name, procedure.kind, department.id, department.name, status, why,
        unknown, deadline, procedure.outside_city_hall, procedure.office, procedure.documents,
        procedure.forms,
    )  # fmt: skip


def reference_navigate(pack: Pack, event_id: str, facts: dict, today: dt.date) -> Navigation:
    values, messages = coerce_facts(pack.facts, facts)
    assert not messages
    values.setdefault("today", today)
    flat = flatten_facts(values)
    results, decides = [], {}
    for pid in pack.events[event_id].procedures:
        result = _reference_result(pack, pid, flat, today)
        results.append(result)
        if result.status == "to_confirm":
            for name in _deciding(pack, pack.procedures[pid].condition, flat):
                decides.setdefault(name, []).append(pid)
    questions = rank_questions(pack.events[event_id], decides, pack.facts)
    return Navigation(event_id, pack.id, pack.version, today, tuple(results), questions)


def _value(spec: FactSpec) -> st.SearchStrategy:
    if spec.type == "bool":
        return st.booleans()
    if spec.type == "int":
        return st.sampled_from([0, 1, 2, 9, 10, 15, 18, 36, 60, 64, 65, 74, 75, 82, 119, 120])
    if spec.type == "number":
        return st.sampled_from([0, 1, 1.5, 10])
    if spec.type == "string":
        return st.sampled_from(list(spec.values) or ["国保", "x"])
    if spec.type == "date":
        return st.sampled_from(["2026-11-20", "2026-10-01", "2025-01-01", "2026-11-29", "2026-12-15"])
    return st.lists(st.sampled_from(list(spec.values) or ["x"]), unique=True, max_size=3)


def _nest(flat: dict) -> dict:
    nested: dict = {}
    for name, value in flat.items():
        *parents, leaf = name.split(".")
        level = nested
        for part in parents:
            level = level.setdefault(part, {})
        level[leaf] = value
    return nested


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, dict, dt.date]:
    event = draw(st.sampled_from(sorted(PACK.events)))
    names = draw(st.lists(st.sampled_from([n for n in PACK.facts if n != "today"]), unique=True))
    flat = {name: draw(_value(PACK.facts[name])) for name in names}
    return event, (_nest(flat) if draw(st.booleans()) else flat), draw(st.sampled_from(DAYS))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.booleans())
def test_navigation_equals_the_fully_traced_reference(case: tuple, cache: bool) -> None:
    event, facts, today = case
    expected = reference_navigate(PACK, event, facts, today)
    assert navigate(PACK, event, facts, today, cache=cache) == expected


@pytest.mark.parametrize("scenario", PACK.scenarios, ids=lambda s: s.name)
def test_every_pack_scenario_equals_the_reference(scenario) -> None:
    expected = reference_navigate(PACK, scenario.event, dict(scenario.facts), scenario.on)
    assert navigate(PACK, scenario.event, scenario.facts, scenario.on, cache=False) == expected


SPECS = {
    "a": FactSpec("a", "bool", "interview", "故人が世帯主"),
    "n": FactSpec("n", "int", "registry", "世帯員数", unit="人"),
    "s": FactSpec("s", "string", "registry", "医療保険", ("国保", "後期高齢")),
    "lst": FactSpec("lst", "list", "registry", "手帳", ("身体", "療育")),
    "p.q": FactSpec("p.q", "string", "registry", "保険種別"),
}
# Atom shapes the sample pack does not use, so that every fallback of the explainers is exercised.
CONDITIONS = [
    "a and n >= 2",
    "not a or s == '国保'",
    "s != '国保' and len(lst) > 0",
    "s in ['国保', '後期高齢'] or s not in ['国保']",
    "s in [x, '国保']",
    "any([a and b, c])",
    "n + 1 > 2 and '身体' in lst",
    "n >= 2 == a",
    "true and a",
    "false or true",
    "-n < 0",
    "x == y",
    # Dotted names: read flat or nested, None and UNKNOWN under the flat name, or missing.
    "p.q and n >= 2",
    "p.q == '国保' or not a",
    "len(p.q) > 0 and p.q != '国保'",
]
atom_values = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from([0, 2, 3.5, "国保", "後期高齢", "x"]),
    st.just(["身体"]),
    st.just(UNKNOWN),
)


flat_and_nested = st.tuples(
    st.dictionaries(st.sampled_from(["a", "b", "c", "n", "s", "lst", "x", "y", "p.q"]), atom_values),
    st.one_of(st.none(), st.just({}), st.fixed_dictionaries({"q": atom_values})),
).map(lambda pair: pair[0] if pair[1] is None else {**pair[0], "p": pair[1]})


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(CONDITIONS), flat_and_nested)
def test_explainers_word_atoms_as_their_traces_do(text: str, facts: dict) -> None:
    expression = compile_expression(text)
    decide = compile_explainers(expression, SPECS)
    try:
        verdict = expression.verdict(facts)
    except RuleError:
        return
    value, decisive = decide(facts)
    assert value is verdict.value or value == verdict.value
    assert reasons(value, decisive, facts) == reasons_from(verdict.value, verdict.decisive, SPECS)
    names: dict[str, None] = {}
    for atom in verdict.decisive:
        _unknown(atom, names)
    assert unknown_facts(decisive, facts) == tuple(names)


simple_values = st.one_of(st.none(), st.booleans(), st.sampled_from([0, 2, "国保"]), st.just(UNKNOWN))


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["a", "true", "false", "p.q", "'x'"]),
    st.fixed_dictionaries(
        {},
        optional={"a": simple_values, "p.q": simple_values, "p": st.fixed_dictionaries({"q": simple_values})},
    ),
)
def test_outcomes_worked_out_in_advance_match_the_general_path(text: str, facts: dict) -> None:
    expression = compile_expression(text)
    probes = [(name, (True, False)) for name in expression.fact_names if name == "a"]
    outcome = compile_outcome(expression, SPECS, {name for name, _ in probes})
    assert outcome is not None  # one literal or one fact: always worked out in advance
    found = outcome(facts)
    value, decisive = compile_explainers(expression, SPECS)(facts)
    status = STATUS_BY_VALUE.get(value, "to_confirm")
    unknown = unknown_facts(decisive, facts) if status == "to_confirm" else ()
    deciding = deciding_facts(expression.value, dict(facts), probes) if status == "to_confirm" else ()
    general = (status, reasons(value, decisive, facts), unknown, deciding)
    assert found is None or found == general
    # Only a fact holding something other than a truth value or unknown is left to the general path.
    truth_or_unknown = value is True or value is False or value is UNKNOWN
    assert (found is None) == (text in ("a", "p.q") and not truth_or_unknown)
