"""Retention: each kind of record is deleted or anonymised once past its period (docs/retention.md).

Every installed app may list its own kinds in a `retention` module (`RETENTION_KINDS`); this module
lists the kinds of the counter, the register uploads and the sessions. Audit entries come last,
with their own, longer period, and are pruned behind a sealed checkpoint (audit.services).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from madoguchi.accounts.models import LoginFailure
from madoguchi.audit.services import audit_prune, audit_record
from madoguchi.counter.models import Case, CasePerson, PrintRecord, ScreenFailure, Task
from madoguchi.registry.uploads import pending_uploads_stale, pending_uploads_sweep


class RetentionError(Exception):
    """The retention settings are wrong; the message is Japanese and names the setting."""


@dataclass(frozen=True)
class RetentionKind:
    """One kind of record: its name in MADOGUCHI_RETENTION_DAYS, what it is, its default period.

    `expire(cutoff, dry_run=...)` deletes or anonymises what is older than `cutoff` (or only counts
    it) in one transaction and returns how many records that was.
    """

    name: str
    label: str
    default_days: int
    action: str  # what happens past the period, in Japanese: 削除 or 匿名化
    expire: Callable[..., int]
    minimum_days: int = 0


@dataclass(frozen=True)
class RetentionLine:
    """What one kind's run did: its period, the cutoff and the count."""

    kind: RetentionKind
    days: int
    cutoff: datetime
    count: int


def _expired_cases(cutoff: datetime) -> QuerySet[Case]:
    # Cases still being worked on by departments are never touched, whatever their age.
    finished = Q(stage=Case.Stage.CLOSED, closed_at__lt=cutoff) | Q(
        stage=Case.Stage.CANCELLED, cancelled_at__lt=cutoff
    )
    abandoned = Q(stage__in=[Case.Stage.INTERVIEW, Case.Stage.CONFIRMING], opened_at__lt=cutoff)
    personal = ~Q(answers={}) | ~Q(form_values={}) | ~Q(confirmed_facts={}) | ~Q(overrides={}) | ~Q(notes="")
    with_people = Q(pk__in=CasePerson.objects.values("case_id"))
    return Case.objects.filter(finished | abandoned).filter(personal | with_people)


def cases_expire(cutoff: datetime, *, dry_run: bool) -> int:
    """Anonymise old cases: remove their people, answers, notes and print data; keep the figures."""
    with transaction.atomic():
        ids = list(_expired_cases(cutoff).values_list("pk", flat=True))
        if dry_run or not ids:
            return len(ids)
        CasePerson.objects.filter(case_id__in=ids).delete()
        Case.objects.filter(pk__in=ids).update(
            answers={}, form_values={}, confirmed_facts={}, overrides={}, notes="", confirm_code_hash=""
        )
        Task.objects.filter(case_id__in=ids).update(needs={}, reason="")
        PrintRecord.objects.filter(case_id__in=ids).update(facts={}, answers={}, data={}, report={})
    return len(ids)


def prints_expire(cutoff: datetime, *, dry_run: bool) -> int:
    """Clear the printed values of old print records; keep which forms were printed, when and by whom."""
    with transaction.atomic():
        old = PrintRecord.objects.filter(printed_at__lt=cutoff).exclude(
            facts={}, answers={}, data={}, report={}
        )
        if dry_run:
            return old.count()
        return old.update(facts={}, answers={}, data={}, report={})


def uploads_expire(cutoff: datetime, *, dry_run: bool) -> int:
    """Remove resident CSV uploads left waiting (the import page removes them after minutes anyway)."""
    age = int((timezone.now() - cutoff).total_seconds())
    if dry_run:
        return len(pending_uploads_stale(max_age_seconds=age))
    return pending_uploads_sweep(max_age_seconds=age)


def sessions_expire(cutoff: datetime, *, dry_run: bool) -> int:
    """Delete sessions that expired before the cutoff."""
    with transaction.atomic():
        old = Session.objects.filter(expire_date__lt=cutoff)
        return old.count() if dry_run else old.delete()[0]


def failures_expire(cutoff: datetime, *, dry_run: bool) -> int:
    """Delete old records of failed logins and wrong screen codes (user names and addresses)."""
    with transaction.atomic():
        logins, codes = (
            LoginFailure.objects.filter(at__lt=cutoff),
            ScreenFailure.objects.filter(at__lt=cutoff),
        )
        if dry_run:
            return logins.count() + codes.count()
        return logins.delete()[0] + codes.delete()[0]


def audit_expire(cutoff: datetime, *, dry_run: bool) -> int:
    """Prune old audit entries behind a sealed checkpoint."""
    return audit_prune(before=cutoff, dry_run=dry_run)


RETENTION_KINDS = [
    RetentionKind(
        "cases", "来庁受付（関係者・聞き取りの回答・メモ・印字データ）", 1825, "匿名化", cases_expire
    ),
    RetentionKind("prints", "印刷記録の印字データ", 365, "匿名化", prints_expire),
    RetentionKind("uploads", "取込待ちの住民CSV", 1, "削除", uploads_expire, minimum_days=1),
    RetentionKind("sessions", "期限切れのログインセッション", 0, "削除", sessions_expire),
    RetentionKind("failures", "ログイン失敗・確認コード誤りの記録", 90, "削除", failures_expire),
]
AUDIT_KIND = RetentionKind(
    "audit", "監査ログ", 3650, "削除（署名付きの区切りを残す）", audit_expire, minimum_days=1
)


def retention_kinds() -> list[RetentionKind]:
    """Return every kind, each app's in INSTALLED_APPS order, and the audit trail last."""
    kinds: list[RetentionKind] = []
    for app in apps.get_app_configs():
        try:
            module = import_module(f"{app.name}.retention")
        except ModuleNotFoundError as error:
            if error.name != f"{app.name}.retention":
                raise
            continue
        kinds += getattr(module, "RETENTION_KINDS", [])
    return [*kinds, AUDIT_KIND]


def retention_periods(kinds: list[RetentionKind]) -> dict[str, int]:
    """Return each kind's period in days: its default, or MADOGUCHI_RETENTION_DAYS (`name=days,...`)."""
    periods = {kind.name: kind.default_days for kind in kinds}
    for item in (part.strip() for part in settings.RETENTION_DAYS.split(",")):
        if not item:
            continue
        name, _, days = (text.strip() for text in item.partition("="))
        if name not in periods:
            raise RetentionError(
                f"MADOGUCHI_RETENTION_DAYS の「{name}」は記録の種類ではありません"
                f"（種類: {', '.join(periods)}）"
            )
        if not days.isascii() or not days.isdigit():
            raise RetentionError(f"MADOGUCHI_RETENTION_DAYS の「{item}」の日数は0以上の整数で書いてください")
        periods[name] = int(days)
    for kind in kinds:
        if periods[kind.name] < kind.minimum_days:
            raise RetentionError(
                f"{kind.label}（{kind.name}）の保存期間は{kind.minimum_days}日以上にしてください"
            )
    longest = max(days for name, days in periods.items() if name != AUDIT_KIND.name)
    if periods[AUDIT_KIND.name] < longest:
        raise RetentionError(
            f"監査ログの保存期間（{periods[AUDIT_KIND.name]}日）は、ほかの記録の最も長い保存期間"
            f"（{longest}日）以上にしてください（記録を消した後も、誰が見たかは残すため）"
        )
    return periods


def retention_run(*, dry_run: bool, client_address: str) -> list[RetentionLine]:
    """Delete or anonymise what is past its period, kind by kind; audit the counts of a real run."""
    kinds = retention_kinds()
    periods, now = retention_periods(kinds), timezone.now()
    lines: list[RetentionLine] = []
    for kind in kinds:
        if kind is AUDIT_KIND and not dry_run:
            counts = {line.kind.name: line.count for line in lines}
            audit_record(
                action="retention.run", actor=None, detail={"counts": counts}, client_address=client_address
            )
        cutoff = now - timedelta(days=periods[kind.name])
        lines.append(RetentionLine(kind, periods[kind.name], cutoff, kind.expire(cutoff, dry_run=dry_run)))
    return lines
