"""Measuring the reform: walk-through surveys, the counter's figures per closed case, the 3Q survey."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class WalkSurvey(models.Model):
    """窓口体験調査: DX staff walk a life event the old way and count every stop and every write."""

    event = models.CharField("ライフイベント", max_length=40)
    title = models.CharField("調査名", max_length=100)
    surveyed_on = models.DateField("調査日")
    surveyor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="調査者", on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField("開始", null=True, blank=True)
    finished_at = models.DateTimeField("終了", null=True, blank=True)
    notes = models.TextField("メモ", blank=True)

    class Meta:
        verbose_name = "窓口体験調査"
        verbose_name_plural = "窓口体験調査"
        ordering = ["-surveyed_on", "-pk"]
        permissions = [("use_insights", "効果測定（窓口体験調査・集計・報告）")]

    def __str__(self) -> str:
        return self.title

    @property
    def subject(self) -> str:
        """Return the audit subject: an internal id."""
        return f"walk:{self.pk}"


class WalkStop(models.Model):
    """One counter visited during a walk-through: waiting, handling, forms and writes by hand."""

    survey = models.ForeignKey(WalkSurvey, on_delete=models.CASCADE, related_name="stops")
    order = models.PositiveSmallIntegerField("順番")
    place = models.CharField("窓口", max_length=80)
    department = models.CharField("担当課", max_length=80, blank=True)
    wait_seconds = models.PositiveIntegerField("待ち時間（秒）", default=0)
    handling_seconds = models.PositiveIntegerField("対応時間（秒）", default=0)
    forms = models.PositiveSmallIntegerField("記入した様式の数", default=0)
    form_names = models.CharField("記入した様式", max_length=300, blank=True)
    writes_name = models.PositiveSmallIntegerField("氏名の手書き", default=0)
    writes_address = models.PositiveSmallIntegerField("住所の手書き", default=0)
    writes_birth_date = models.PositiveSmallIntegerField("生年月日の手書き", default=0)
    writes_phone = models.PositiveSmallIntegerField("電話番号の手書き", default=0)
    writes_other = models.PositiveSmallIntegerField("その他の手書き", default=0)

    class Meta:
        verbose_name = "窓口体験調査の立ち寄り先"
        verbose_name_plural = "窓口体験調査の立ち寄り先"
        ordering = ["survey", "order"]
        constraints = [models.UniqueConstraint(fields=["survey", "order"], name="insights_stop_order_unique")]

    def __str__(self) -> str:
        return f"walk:{self.survey_id} #{self.order}"

    @property
    def writes(self) -> int:
        """Return every write by hand at this stop."""
        return (
            self.writes_name
            + self.writes_address
            + self.writes_birth_date
            + self.writes_phone
            + self.writes_other
        )


class CaseFigure(models.Model):
    """The measured figures of one closed case, derived once from the counter's own records.

    Only numbers, the event and local dates: the dashboard and exports read this table alone.
    """

    case = models.OneToOneField("counter.Case", on_delete=models.CASCADE, related_name="figure")
    event = models.CharField("ライフイベント", max_length=40)
    closed_on = models.DateField("完了日")
    seconds_total = models.PositiveIntegerField("受付から完了まで（秒）")
    seconds_interview = models.PositiveIntegerField("聞き取り（秒）")
    seconds_confirmation = models.PositiveIntegerField("住民確認（秒）")
    seconds_departments = models.PositiveIntegerField("担当課の対応待ち（秒）")
    departments = models.PositiveSmallIntegerField("担当課の数")
    tasks = models.PositiveSmallIntegerField("手続の数")
    tasks_late = models.PositiveSmallIntegerField("期限後に完了した手続")
    forms = models.PositiveSmallIntegerField("印刷した様式")
    fields_system = models.PositiveIntegerField("システムが記入した欄")
    fields_staff = models.PositiveIntegerField("職員が入力した欄")
    fields_resident = models.PositiveIntegerField("本人が記入する欄")
    avoided_name = models.PositiveIntegerField("書かずに済んだ氏名")
    avoided_address = models.PositiveIntegerField("書かずに済んだ住所")
    avoided_birth_date = models.PositiveIntegerField("書かずに済んだ生年月日")
    avoided_phone = models.PositiveIntegerField("書かずに済んだ電話番号")
    avoided_other = models.PositiveIntegerField("書かずに済んだその他")
    questions = models.PositiveSmallIntegerField("聞き取りの質問数")

    class Meta:
        verbose_name = "受付の集計値"
        verbose_name_plural = "受付の集計値"
        indexes = [models.Index(fields=["closed_on", "event"])]

    def __str__(self) -> str:
        return f"figure of case:{self.case_id}"


class ResidentSurvey(models.Model):
    """One anonymous 3Q answer: the event and the local date only, never a time, a case or a person.

    The primary key is random so that the row order does not reveal the order of visits.
    """

    class Writing(models.TextChoices):
        NONE = "none", "まったく書かずに済んだ"
        SIGNATURE = "signature", "署名だけで済んだ"
        SOME = "some", "いくつか書いた"
        MANY = "many", "たくさん書いた"

    class Waiting(models.TextChoices):
        SHORT = "short", "短かった"
        FAIR = "fair", "ちょうどよい"
        LONG = "long", "長かった"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.CharField("ライフイベント", max_length=40)
    answered_on = models.DateField("回答日")
    satisfaction = models.PositiveSmallIntegerField("満足度（5段階）", null=True, blank=True)
    writing = models.CharField("書かずに済みましたか", max_length=10, choices=Writing.choices, blank=True)
    waiting = models.CharField("待ち時間はいかがでしたか", max_length=10, choices=Waiting.choices, blank=True)
    comment = models.TextField("ご意見", blank=True, max_length=1000)

    class Meta:
        verbose_name = "住民アンケート（3Q）"
        verbose_name_plural = "住民アンケート（3Q）"
        indexes = [models.Index(fields=["answered_on", "event"])]

    def __str__(self) -> str:
        return f"survey {self.answered_on}"
