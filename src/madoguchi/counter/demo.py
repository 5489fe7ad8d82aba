"""Demo visits for `madoguchi demo`: one interview in progress, one with departments at work, one closed."""

from __future__ import annotations

from madoguchi.accounts.models import Staff
from madoguchi.counter import services
from madoguchi.counter.models import Case, Task
from madoguchi.counter.state import case_state
from madoguchi.registry.models import Resident

DEMO_SEAT_PREFIX = "デモ"


def demo_visits_create(*, counter_username: str, department_username: str) -> int:
    """Create the demo visits once (a second run changes nothing); return how many were created."""
    if Case.objects.filter(seat__startswith=DEMO_SEAT_PREFIX).exists():
        return 0
    counter = Staff.objects.filter(username=counter_username).first()
    worker = Staff.objects.filter(username=department_username).first()
    deceased = list(Resident.objects.filter(status=Resident.Status.DECEASED).order_by("atena_no")[:3])
    movers = (
        Resident.objects.filter(status=Resident.Status.RESIDENT, relation="世帯主")
        .order_by("atena_no")
        .first()
    )
    if counter is None or worker is None or len(deceased) < 3 or movers is None:
        return 0
    _in_interview(counter, deceased[0])
    _with_departments(counter, worker, deceased[1])
    _closed(counter, worker, deceased[2])
    _moving(counter, movers)
    return 4


def _death_case(counter: Staff, resident: Resident, seat: str) -> Case:
    case = services.case_open(
        actor=counter, events=["death"], seat=f"{DEMO_SEAT_PREFIX} {seat}", event_date=None
    )
    services.case_person_add(case=case, role="deceased", resident=resident, actor=counter)
    services.case_answer_record(case=case, fact="answers.funeral_held", value=True, actor=counter)
    return case


def _confirmed(counter: Staff, case: Case) -> Case:
    for question in case_state(case).questions:
        unknown = dict.fromkeys(question.facts)
        services.case_answers_record(case=case, values=unknown, actor=counter)
    services.case_finish_interview(case=case, actor=counter)
    return services.case_resident_confirm(case=Case.objects.get(pk=case.pk))


def _in_interview(counter: Staff, resident: Resident) -> None:
    _death_case(counter, resident, "おくやみコーナー1")


def _with_departments(counter: Staff, worker: Staff, resident: Resident) -> None:
    case = _confirmed(counter, _death_case(counter, resident, "おくやみコーナー2"))
    task = case.tasks.filter(department__in=worker.departments.all()).first()
    if task is not None:
        services.task_act(task=task, action="take", version=task.version, actor=worker)


def _closed(counter: Staff, worker: Staff, resident: Resident) -> None:
    case = _confirmed(counter, _death_case(counter, resident, "おくやみコーナー3"))
    for task in Task.objects.filter(case=case):
        services.task_act(task=task, action="complete", version=task.version, actor=worker)


def _moving(counter: Staff, head: Resident) -> None:
    case = services.case_open(
        actor=counter, events=["move_out"], seat=f"{DEMO_SEAT_PREFIX} 2番窓口", event_date=None
    )
    for member in head.household.members.filter(status=Resident.Status.RESIDENT):
        services.case_person_add(case=case, role="movers", resident=member, actor=counter)
