"""Procedure packs: a municipality's rules as YAML data, checked with file:line problems."""

from madoguchi.domain.packs.facts import coerce_facts
from madoguchi.domain.packs.loader import check_pack, load_pack
from madoguchi.domain.packs.model import (
    DeadlineRule,
    Department,
    Event,
    FactSpec,
    Pack,
    PackError,
    Problem,
    Procedure,
    Scenario,
    Subject,
)

__all__ = [
    "DeadlineRule",
    "Department",
    "Event",
    "FactSpec",
    "Pack",
    "PackError",
    "Problem",
    "Procedure",
    "Scenario",
    "Subject",
    "check_pack",
    "coerce_facts",
    "load_pack",
]
