"""Every example visit of the sample pack gives a clean bundle with the forms its procedures need."""

from __future__ import annotations

import pytest

from madoguchi.domain.documents import render_visit_bundle
from madoguchi.domain.navigator import navigate
from madoguchi.domain.packs import Facts, load_pack

from .conftest import EXAMPLES, PACK, TODAY, example

VISITS = sorted(p.name.removesuffix(".data.json") for p in EXAMPLES.glob("*.data.json"))


@pytest.fixture(scope="module")
def pack():
    return load_pack(PACK)


def test_there_are_a_few_visits_and_one_death_with_ten_forms(pack):
    assert len(VISITS) >= 3
    counts = {}
    for name in VISITS:
        navigation = navigate(pack, "death", Facts.checked(pack.facts, example(f"{name}.facts.json")), TODAY)
        counts[name] = len({f for p in navigation.procedures if p.status == "required" for f in p.forms})
    assert max(counts.values()) + 1 >= 10  # with the interview sheet F_O01 printed for the visit


@pytest.mark.parametrize("name", VISITS)
def test_example_bundle_has_no_warnings(pack, name):
    navigation = navigate(pack, "death", Facts.checked(pack.facts, example(f"{name}.facts.json")), TODAY)
    bundle = render_visit_bundle(pack, navigation, example(f"{name}.data.json"), extra_forms=["F_O01"])
    required = {f for p in navigation.procedures if p.status == "required" for f in p.forms}
    assert {f["form_id"] for f in bundle.report["forms"]} == required | {"F_O01"}
    assert bundle.report["warnings"] == {
        "overflow": [],
        "missing_characters": [],
        "errors": [],
        "missing_layouts": [],
    }
    # Only unticked check boxes stay empty: every other field of these forms has its value in the data.
    layouts = {form.filled.layout.form_id: form.filled.layout for form in bundle.forms}
    for entry in bundle.report["forms"]:
        kinds = {layouts[entry["form_id"]].field(fid).kind for fid in entry["empty"]}
        assert kinds <= {"check"}, (entry["form_id"], entry["empty"])
