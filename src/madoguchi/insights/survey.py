"""The offer of the 3Q survey on the resident screen, kept in that screen's session only.

The counter calls `survey_offer` when the resident confirms; the answer keeps the event and the
date, never the case: the session holds the events and an expiry, and is emptied on answering.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

SURVEY_KEY = "insights_survey_offer"
OFFER_SECONDS = 15 * 60


def survey_offer(session: Any, *, events: Sequence[str]) -> None:
    """Offer the survey on this screen for the visit's first life event, for a quarter of an hour."""
    session[SURVEY_KEY] = {"event": (list(events) or [""])[0], "until": time.time() + OFFER_SECONDS}


def survey_offered(session: Any) -> str | None:
    """Return the event of a still valid offer, or None."""
    offer = session.get(SURVEY_KEY)
    if not isinstance(offer, dict) or offer.get("until", 0) < time.time():
        return None
    return str(offer.get("event", ""))


def survey_withdraw(session: Any) -> None:
    """Forget the offer: one answer per visit."""
    session.pop(SURVEY_KEY, None)
