"""The navigator's fast constructors make the very objects the dataclasses' own __init__ makes."""

import dataclasses
import datetime as dt

import pytest

from madoguchi.domain.navigator import Deadline, ProcedureResult, Question
from madoguchi.domain.navigator.deadlines import new_deadline
from madoguchi.domain.navigator.frozen import fast_constructor
from madoguchi.domain.navigator.questions import new_question
from madoguchi.domain.navigator.results import new_result

DEADLINE = (dt.date(2026, 12, 4), "legal", "14日以内", 4, False, True)
RESULT = (
    "death_nhi_loss", "国保の資格喪失", "届出", "kokuho", "保険年金課", "required", ("医療保険：国保",),
    (), Deadline(*DEADLINE), False, "", ("保険証",), ("喪失届",),
)  # fmt: skip
QUESTION = ("answers.funeral_held", "葬儀を行いましたか", "葬儀", "", ("death_nhi_funeral_allowance",))


@pytest.mark.parametrize(
    ("cls", "fast", "fields"),
    [
        (Deadline, new_deadline, DEADLINE),
        (ProcedureResult, new_result, RESULT),
        (Question, new_question, QUESTION),
    ],
)
def test_fast_constructor_makes_an_equal_frozen_instance(cls: type, fast, fields: tuple) -> None:
    made, expected = fast(*fields), cls(*fields)
    assert type(made) is cls
    assert made == expected and hash(made) == hash(expected) and repr(made) == repr(expected)
    first = dataclasses.fields(cls)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, first, "changed")
    assert dataclasses.replace(made, **{first: "x"}) == dataclasses.replace(expected, **{first: "x"})


def test_fast_constructor_takes_every_field() -> None:
    with pytest.raises(TypeError):
        new_deadline(*DEADLINE[:-1])


def test_fast_constructor_refuses_classes_it_cannot_mirror() -> None:
    @dataclasses.dataclass(frozen=True)
    class Unslotted:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Derived:
        a: int
        b: int = dataclasses.field(init=False, default=0)

    for cls in (Unslotted, Derived):
        with pytest.raises(TypeError):
            fast_constructor(cls)
