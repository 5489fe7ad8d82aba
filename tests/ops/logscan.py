"""A session-wide watch on the application logs: no line may name a resident or carry a 宛名番号.

Every record logged during the whole suite is formatted as production formats it and checked at the
end against the demo register's names (generated, so all combinations), the test register's rows
and every resident or case person any test creates.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest
from django.db.models.signals import post_save

from madoguchi.counter.models import CasePerson
from madoguchi.ops.logs import JsonLineFormatter, RequestIdFilter
from madoguchi.registry import demo
from madoguchi.registry.models import Resident
from tests.registry.samples import PEOPLE


def _alternatives(words: set[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_SURNAMES = _alternatives({text for surname in demo.SURNAMES for text in surname[:2]})
_GIVEN = _alternatives({text for given in (*demo.MALE, *demo.FEMALE) for text in given[:2]})
# Every name the demo generator can make, in characters or kana, with or without the space.
_DEMO_NAMES = re.compile(f"(?:{_SURNAMES})[　 ]?(?:{_GIVEN})")
_DEMO_ATENA = re.compile(r"(?<!\d)000\d{7}(?!\d)")


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.terms: set[str] = {term for row in PEOPLE for term in row[:4] if len(term) > 3}
        for foreign in demo.FOREIGNERS:
            self.terms.update(term for term in foreign[:4] if term)

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    def remember(self, sender: type, instance: Resident | CasePerson, **kwargs: object) -> None:
        self.terms.update(term for term in (instance.name, instance.kana) if len(term) > 1)
        if isinstance(instance, Resident):
            self.terms.add(instance.atena_no)

    def leaks(self) -> Iterator[str]:
        for line in self.lines:
            atena = [n for n in _DEMO_ATENA.findall(line) if demo.numbered(int(n[:-1])) == n]
            if atena or _DEMO_NAMES.search(line) or any(term in line for term in self.terms):
                yield line


@pytest.fixture(scope="session", autouse=True)
def no_personal_data_in_logs() -> Iterator[None]:
    capture = _Capture()
    capture.setFormatter(JsonLineFormatter())
    capture.addFilter(RequestIdFilter())
    logging.getLogger().addHandler(capture)
    for model in (Resident, CasePerson):
        post_save.connect(capture.remember, sender=model, dispatch_uid=f"logscan-{model.__name__}")
    yield
    logging.getLogger().removeHandler(capture)
    leaks = list(capture.leaks())
    assert not leaks, f"{len(leaks)} log lines carry personal data, e.g. {leaks[:3]}"
