"""Procedure packs: a municipality's rules as YAML data, checked with file:line problems."""

from madoguchi.domain.packs.facts import Facts, FactsError
from madoguchi.domain.packs.loader import check_pack, load_pack
from madoguchi.domain.packs.model import (
    Checklist,
    DeadlineCase,
    DeadlineKind,
    DeadlineRule,
    Department,
    Event,
    FactSpec,
    FormUse,
    Office,
    Pack,
    PackError,
    Problem,
    Procedure,
    Scenario,
    Subject,
)

__all__ = [
    "Checklist",
    "DeadlineCase",
    "DeadlineKind",
    "DeadlineRule",
    "Department",
    "Event",
    "FactSpec",
    "Facts",
    "FactsError",
    "FormUse",
    "Office",
    "Pack",
    "PackError",
    "Problem",
    "Procedure",
    "Scenario",
    "Subject",
    "check_pack",
    "load_pack",
]
