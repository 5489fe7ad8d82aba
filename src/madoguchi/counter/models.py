"""Visits (来庁受付 = one case), the people involved, prints and the tasks routed to departments."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Case(models.Model):
    """One visit at the counter and the case it becomes: events, people, answers, timestamps."""

    class Stage(models.TextChoices):
        INTERVIEW = "interview", "聞き取り中"
        CONFIRMING = "confirming", "住民確認中"
        CONFIRMED = "confirmed", "確認済み・担当課対応中"
        CLOSED = "closed", "完了"
        CANCELLED = "cancelled", "取消"

    ENDED = (Stage.CLOSED, Stage.CANCELLED)

    number = models.CharField("受付番号", max_length=20, unique=True)
    seat = models.CharField("窓口・席", max_length=40)
    events = models.JSONField("ライフイベント", default=list)
    stage = models.CharField("状態", max_length=12, choices=Stage.choices, default=Stage.INTERVIEW)
    event_date = models.DateField("死亡日・異動日", null=True, blank=True)
    # Navigator facts answered in the interview, flat dotted names → value (None = 不明).
    answers = models.JSONField("聞き取りの回答", default=dict, blank=True)
    # Values the forms still need from the interview (funeral date, bank account …), flat paths.
    form_values = models.JSONField("様式の記入事項", default=dict, blank=True)
    # Form value path → the CasePerson whose register data filled it (one-click), to flag typed changes.
    form_people = models.JSONField("様式の記入事項の元の関係者", default=dict, blank=True)
    # procedure id → {"status": "required"|"not_needed", "reason": str, "by": username}
    overrides = models.JSONField("職員による判定変更", default=dict, blank=True)
    notes = models.TextField("メモ", blank=True)
    correction_requested = models.BooleanField("住民から訂正の申出", default=False)
    pack_id = models.CharField("手続パック", max_length=60, blank=True)
    pack_version = models.CharField("パックの版", max_length=30, blank=True)
    confirmed_facts = models.JSONField("確定時の事実", default=dict, blank=True)
    confirm_code_hash = models.CharField(max_length=64, blank=True)
    confirm_code_expires = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="受付職員", on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField("受付", auto_now_add=True)
    interview_finished_at = models.DateTimeField("聞き取り終了", null=True, blank=True)
    resident_confirmed_at = models.DateTimeField("住民確認", null=True, blank=True)
    printed_at = models.DateTimeField("初回印刷", null=True, blank=True)
    closed_at = models.DateTimeField("完了", null=True, blank=True)
    cancelled_at = models.DateTimeField("取消", null=True, blank=True)
    cancel_reason = models.CharField("取消の理由", max_length=200, blank=True)
    # A duplicate case merged into its original points to it (the duplicate is cancelled).
    merged_into = models.ForeignKey(
        "self",
        verbose_name="統合先の受付",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "来庁受付"
        verbose_name_plural = "来庁受付"
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["stage", "opened_at"])]

    def __str__(self) -> str:
        return self.number

    @property
    def subject(self) -> str:
        """Return the audit subject: an internal id."""
        return f"case:{self.pk}"


class CasePerson(models.Model):
    """A person of the visit in one role: a register record, or typed in when not in the register."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="people")

    class Role(models.TextChoices):
        """The subjects of the events the register adapter understands (a pack's subject ids)."""

        DECEASED = "deceased", "亡くなった方"
        APPLICANT = "applicant", "届出人"
        MOVERS = "movers", "異動する人"
        CHILD = "child", "生まれた子"
        PARENTS = "parents", "父母"
        RENAMED = "renamed", "婚姻で氏が変わる人"
        LEAVER = "leaver", "離婚で氏が戻る人"

    role = models.CharField("立場", max_length=20, choices=Role.choices)
    resident = models.ForeignKey(
        "registry.Resident", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("氏名", max_length=100)
    kana = models.CharField("フリガナ", max_length=100, blank=True)
    birth_date = models.DateField("生年月日", null=True, blank=True)
    sex = models.CharField("性別", max_length=2, blank=True)
    postal_code = models.CharField("郵便番号", max_length=8, blank=True)
    address = models.CharField("住所", max_length=200, blank=True)
    phone = models.CharField("電話番号", max_length=30, blank=True)
    relationship = models.CharField("続柄", max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "来庁受付の関係者"
        verbose_name_plural = "来庁受付の関係者"
        ordering = ["role", "order", "pk"]

    def __str__(self) -> str:
        return f"case:{self.case_id} {self.role}"


class PrintRecord(models.Model):
    """One print of the bundle: what was used, so the paper can be explained later."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="prints")
    version = models.PositiveIntegerField("版")
    pack_id = models.CharField(max_length=60)
    pack_version = models.CharField(max_length=30)
    forms = models.JSONField("様式", default=list)
    procedures = models.JSONField("必要な手続", default=list)
    facts = models.JSONField("事実", default=dict)
    answers = models.JSONField("回答", default=dict)
    data = models.JSONField("印字データ", default=dict)
    report = models.JSONField("レポート", default=dict)
    printed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    printed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "印刷記録"
        verbose_name_plural = "印刷記録"
        ordering = ["case", "version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="counter_print_version_unique")
        ]

    def __str__(self) -> str:
        return f"case:{self.case_id} v{self.version}"


class Task(models.Model):
    """One required procedure routed to its department; `version` guards against lost updates."""

    class Status(models.TextChoices):
        OPEN = "open", "未着手"
        TAKEN = "taken", "対応中"
        DONE = "done", "完了"
        NOT_NEEDED = "not_needed", "対象外"
        DEFERRED = "deferred", "後日"

    FINISHED = (Status.DONE, Status.NOT_NEEDED, Status.DEFERRED)
    # Nothing remains in city hall: a deferred task still keeps the case open for follow-up.
    SETTLED = (Status.DONE, Status.NOT_NEEDED)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    procedure_id = models.CharField("手続ID", max_length=80)
    procedure_name = models.CharField("手続", max_length=120)
    department = models.ForeignKey(
        "accounts.Department", verbose_name="担当課", on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveIntegerField(default=0)
    status = models.CharField("状態", max_length=12, choices=Status.choices, default=Status.OPEN)
    reason = models.CharField("理由", max_length=200, blank=True)
    follow_up_on = models.DateField("後日対応日", null=True, blank=True)
    # What the department needs to do the work: documents, deadline, forms, reasons.
    needs = models.JSONField("必要なもの", default=dict, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    taken_at = models.DateTimeField("着手", null=True, blank=True)
    finished_at = models.DateTimeField("終了", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "担当課の手続"
        verbose_name_plural = "担当課の手続"
        ordering = ["case", "order"]
        indexes = [models.Index(fields=["department", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["case", "procedure_id"], name="counter_task_procedure_unique")
        ]

    def __str__(self) -> str:
        return f"task:{self.pk}"

    @property
    def subject(self) -> str:
        """Return the audit subject: an internal id."""
        return f"task:{self.pk}"

    @property
    def is_finished(self) -> bool:
        """Return whether the task no longer keeps the case open."""
        return self.status in self.FINISHED


class ScreenFailure(models.Model):
    """A wrong code typed on the resident screen, kept for rate limiting."""

    address = models.CharField(max_length=45)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["address", "at"])]

    def __str__(self) -> str:
        return f"failure at {self.at:%H:%M}"
