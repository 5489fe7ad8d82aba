"""The bereavement corner: its booking settings, closures, bookings and departments' preparation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from madoguchi.domain.okuyami import Corner as CornerRules


def _weekdays_default() -> list[int]:
    return [0, 1, 2, 3, 4]


class Corner(models.Model):
    """One bereavement corner (おくやみコーナー) and when it takes bookings."""

    name = models.CharField("名称", max_length=60, unique=True)
    place = models.CharField("場所", max_length=120, help_text="例: 本庁舎1階 市民課となり")
    phone = models.CharField("電話番号", max_length=30, blank=True)
    # 0 = Monday … 6 = Sunday
    weekdays = models.JSONField("開設曜日", default=_weekdays_default)
    opens = models.TimeField("受付開始")
    closes = models.TimeField("受付終了")
    slot_minutes = models.PositiveSmallIntegerField("1枠の長さ（分）", default=90)
    seats = models.PositiveSmallIntegerField("席数", default=2)
    lead_days = models.PositiveSmallIntegerField("予約の締切（何開庁日前）", default=2)

    class Meta:
        verbose_name = "おくやみコーナー"
        verbose_name_plural = "おくやみコーナー"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    def rules(self) -> CornerRules:
        """Return the corner's settings with its closures as the pure slot rules read them."""
        closures = frozenset(self.closures.values_list("day", flat=True))
        return CornerRules(
            weekdays=frozenset(int(d) for d in self.weekdays),
            opens=self.opens,
            closes=self.closes,
            slot_minutes=self.slot_minutes,
            seats=self.seats,
            lead_days=self.lead_days,
            closures=closures,
        )


class Closure(models.Model):
    """A day the city closes the corner besides 祝日 and 年末年始 (臨時閉庁)."""

    corner = models.ForeignKey(Corner, on_delete=models.CASCADE, related_name="closures")
    day = models.DateField("閉庁日")
    reason = models.CharField("理由", max_length=100, blank=True)

    class Meta:
        verbose_name = "臨時の閉庁日"
        verbose_name_plural = "臨時の閉庁日"
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["corner", "day"], name="okuyami_closure_unique")]

    def __str__(self) -> str:
        return f"{self.corner_id} {self.day}"


class Booking(models.Model):
    """A family's appointment at the corner for one deceased resident."""

    class Status(models.TextChoices):
        BOOKED = "booked", "予約"
        ARRIVED = "arrived", "来庁"
        LEFT = "left", "終了"
        NO_SHOW = "no_show", "来庁なし"
        CANCELLED = "cancelled", "取消"

    # A seat is held by every booking except a cancelled one.
    HOLDING = (Status.BOOKED, Status.ARRIVED, Status.LEFT, Status.NO_SHOW)

    corner = models.ForeignKey(Corner, verbose_name="コーナー", on_delete=models.PROTECT, related_name="+")
    day = models.DateField("予約日")
    start = models.TimeField("開始時刻")
    seat = models.PositiveSmallIntegerField("席")
    status = models.CharField("状態", max_length=10, choices=Status.choices, default=Status.BOOKED)
    deceased = models.ForeignKey(
        "registry.Resident", verbose_name="亡くなった方", on_delete=models.PROTECT, related_name="+"
    )
    death_date = models.DateField("死亡日", null=True, blank=True)
    contact_name = models.CharField("連絡先の方の氏名", max_length=100)
    contact_relationship = models.CharField("亡くなった方との続柄", max_length=40, blank=True)
    contact_phone = models.CharField("連絡先電話番号", max_length=30)
    attendees = models.CharField("来庁する方", max_length=200, blank=True)
    mourner = models.CharField("喪主", max_length=100, blank=True)
    heirs = models.CharField("相続人（わかる範囲）", max_length=200, blank=True)
    # Navigator facts answered on the phone, flat dotted names → value: the counter's answers shape.
    answers = models.JSONField("事前の聞き取り", default=dict, blank=True)
    notes = models.TextField("メモ", blank=True)
    case = models.OneToOneField(
        "counter.Case",
        verbose_name="来庁受付",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="booking",
    )
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField("予約受付", auto_now_add=True)
    arrived_at = models.DateTimeField("来庁", null=True, blank=True)
    left_at = models.DateTimeField("退庁", null=True, blank=True)
    cancelled_at = models.DateTimeField("取消", null=True, blank=True)
    cancel_reason = models.CharField("取消の理由", max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "おくやみコーナーの予約"
        verbose_name_plural = "おくやみコーナーの予約"
        ordering = ["day", "start", "seat"]
        constraints = [
            # The database, not the code, makes a double booking of one seat impossible.
            models.UniqueConstraint(
                fields=["corner", "day", "start", "seat"],
                condition=~Q(status="cancelled"),
                name="okuyami_booking_seat_unique",
            )
        ]
        indexes = [models.Index(fields=["day", "status"])]

    def __str__(self) -> str:
        return f"booking:{self.pk}"

    @property
    def subject(self) -> str:
        """Return the audit subject: an internal id."""
        return f"booking:{self.pk}"


class Preparation(models.Model):
    """One department's preparation for a booking: which of its procedures apply, notes, amounts."""

    class Status(models.TextChoices):
        OPEN = "open", "未着手"
        DONE = "done", "準備済み"
        WITHDRAWN = "withdrawn", "取り下げ"

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="preparations")
    department = models.ForeignKey(
        "accounts.Department", verbose_name="担当課", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("状態", max_length=10, choices=Status.choices, default=Status.OPEN)
    # The procedures the navigator expects of this department: [{"id", "name", "status"}]
    procedures = models.JSONField("見込みの手続", default=list)
    # procedure id → {"applies": bool | None, "note": str, "amount": int | None}
    findings = models.JSONField("担当課の確認結果", default=dict, blank=True)
    notes = models.TextField("担当課のメモ", blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    prepared_at = models.DateTimeField("準備完了", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "担当課の事前準備"
        verbose_name_plural = "担当課の事前準備"
        ordering = ["booking", "department__order"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "department"], name="okuyami_preparation_unique")
        ]

    def __str__(self) -> str:
        return f"preparation:{self.pk}"

    @property
    def subject(self) -> str:
        """Return the audit subject: an internal id."""
        return f"preparation:{self.pk}"

    def finding_lines(self) -> list[str]:
        """Return each recorded finding as 「手続名: 対象外 メモ 5,000円」 for the counter."""
        names = {row["id"]: row["name"] for row in self.procedures}
        lines = []
        for pid, finding in self.findings.items():
            applies = {True: "該当", False: "対象外"}.get(finding.get("applies"), "")
            amount = f"{finding['amount']:,}円" if finding.get("amount") else ""
            text = " ".join(part for part in (applies, finding.get("note", ""), amount) if part)
            if text:
                lines.append(f"{names.get(pid, pid)}: {text}")
        return lines
