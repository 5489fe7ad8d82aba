"""The navigator: life event + facts → procedures with status, reasons, deadlines, next questions."""

from madoguchi.domain.navigator.deadlines import Deadline, due_date, last_day
from madoguchi.domain.navigator.navigate import Navigation, NavigationError, ProcedureResult, Status, navigate
from madoguchi.domain.navigator.questions import Question
from madoguchi.domain.navigator.results import STATUS_NAMES

__all__ = [
    "STATUS_NAMES",
    "Deadline",
    "Navigation",
    "NavigationError",
    "ProcedureResult",
    "Question",
    "Status",
    "due_date",
    "last_day",
    "navigate",
]
