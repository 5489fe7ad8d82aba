"""Every example visit of the sample pack gives a clean bundle with the forms its procedures need."""

from __future__ import annotations

import pytest

from madoguchi.domain.documents import render_visit_bundle
from madoguchi.domain.navigator import navigate
from madoguchi.domain.packs import Facts, load_pack

from .conftest import EXAMPLES, PACK, TODAY, example

VISITS = sorted(p.name.removesuffix(".data.json") for p in EXAMPLES.glob("*.data.json"))
# Fields a form leaves blank for some events: nothing known to print (the old address on a 世帯主変更,
# the kind of move the pack cannot decide for a marriage), so the counter writes them by hand.
MAY_STAY_EMPTY = {
    "F_M01": {"previous_address", "old_householder", "move_kind", "mover_new_relationship"},
    "F_H01": {"insurance_number", "householder_name", "change_kind"},
    "F_L01": {"householder_name"},
}


def event_of(name: str) -> str:
    """Return the life event of an example: the part of its name before the first hyphen."""
    return name.split("-")[0]


@pytest.fixture(scope="module")
def pack():
    return load_pack(PACK)


def test_there_are_a_few_visits_and_one_death_with_ten_forms(pack):
    assert {event_of(name) for name in VISITS} >= {"death", "birth", "move_in", "move_out", "marriage"}
    counts = {}
    for name in (n for n in VISITS if event_of(n) == "death"):
        navigation = navigate(pack, "death", Facts.checked(pack.facts, example(f"{name}.facts.json")), TODAY)
        counts[name] = len({f for p in navigation.procedures if p.status == "required" for f in p.form_ids})
    assert max(counts.values()) + 1 >= 10  # with the interview sheet F_O01 printed for the visit


@pytest.mark.parametrize("name", VISITS)
def test_example_bundle_has_no_warnings(pack, name):
    event = event_of(name)
    facts = Facts.checked(pack.facts, example(f"{name}.facts.json"))
    navigation = navigate(pack, event, facts, TODAY)
    extra = ["F_O01"] if event == "death" else []
    bundle = render_visit_bundle(pack, navigation, example(f"{name}.data.json"), extra_forms=extra)
    required = {f for p in navigation.procedures if p.status == "required" for f in p.form_ids}
    assert required
    assert {f["form_id"] for f in bundle.report["forms"]} == required | set(extra)
    assert bundle.report["warnings"] == {
        "overflow": [],
        "missing_characters": [],
        "errors": [],
        "missing_layouts": [],
    }
    # Only unticked check boxes and the few blanks an event has nothing for stay empty.
    layouts = {form.filled.layout.form_id: form.filled.layout for form in bundle.forms}
    for entry in bundle.report["forms"]:
        allowed = MAY_STAY_EMPTY.get(entry["form_id"], set())
        layout = layouts[entry["form_id"]]
        left = [fid for fid in entry["empty"] if layout.field(fid).kind != "check" and fid not in allowed]
        assert not left, (entry["form_id"], left)
