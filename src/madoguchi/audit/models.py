"""The append-only, hash-chained audit trail of who did what to which personal data."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit entry."""


def _refuse(*args: Any, **kwargs: Any) -> NoReturn:
    raise AppendOnlyError("監査ログは追記のみです。変更・削除はできません")


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    """Reads only: every bulk write path raises."""

    update = _refuse
    delete = _refuse
    bulk_update = _refuse
    update_or_create = _refuse


class AuditEntry(models.Model):
    """One audited action. `entry_hash` seals every other field with the audit key, see audit.chain."""

    seq = models.PositiveBigIntegerField("連番", unique=True)
    at = models.DateTimeField("日時（UTC）")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="職員", null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_username = models.CharField("職員ID", max_length=150, blank=True)
    department = models.CharField("所属課", max_length=200, blank=True)
    client_address = models.CharField("接続元", max_length=45, blank=True)
    action = models.CharField("操作", max_length=60, db_index=True)
    subject = models.CharField("対象", max_length=100, blank=True, db_index=True)
    detail = models.JSONField("詳細", default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)
    # Empty on entries written before audit keys existed: those keep the unkeyed SHA-256 link.
    key_id = models.CharField("鍵ID", max_length=16, blank=True, default="")

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "監査ログ"
        verbose_name_plural = "監査ログ"
        ordering = ["seq"]
        indexes = [models.Index(fields=["at"]), models.Index(fields=["actor_username", "at"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse()
