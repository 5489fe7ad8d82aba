"""Shared fixtures: the sample pack's layouts and example case data."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from madoguchi.domain.documents import FormLayout, load_layouts

ROOT = Path(__file__).resolve().parents[3]
PACK = ROOT / "packs" / "sample-city"
FORMS = PACK / "forms"
EXAMPLES = PACK / "examples"
TODAY = dt.date(2026, 11, 26)


def example(name: str) -> dict[str, Any]:
    """Return an example JSON file of the sample pack."""
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def layouts() -> dict[str, FormLayout]:
    return load_layouts(FORMS)


@pytest.fixture(scope="session")
def yoshida() -> dict[str, Any]:
    """A death: 52-year-old householder on 国保 whose surname is written with 𠮷."""
    return example("death-yoshida.data.json")


@pytest.fixture(scope="session")
def suzuki() -> dict[str, Any]:
    """A death: 85-year-old on 後期高齢者医療, applicant living outside the city."""
    return example("death-suzuki.data.json")
