"""Staff accounts, departments (課) and login throttling records."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import prefetch_related_objects


class Department(models.Model):
    """A department of the city hall (課), kept as data so each city can name its own."""

    code = models.SlugField("課コード", max_length=40, unique=True)
    name = models.CharField("課名", max_length=80)
    order = models.PositiveIntegerField("表示順", default=0)

    class Meta:
        verbose_name = "課"
        verbose_name_plural = "課"
        ordering = ["order", "code"]
        permissions = [
            ("use_counter", "窓口業務（住民検索・来庁受付）"),
            ("work_department_tasks", "担当課の業務（課に回ってきた手続）"),
            ("administer", "システム管理（職員・設定・取込）"),
        ]

    def __str__(self) -> str:
        return self.name


class Staff(AbstractUser):
    """A member of staff; belongs to one or more departments and holds roles through groups."""

    display_name = models.CharField("表示名", max_length=80, blank=True)
    departments = models.ManyToManyField(Department, verbose_name="所属課", related_name="staff", blank=True)
    # Set when an administrator resets the password: every page sends the member to change it first.
    must_change_password = models.BooleanField("次回ログイン時にパスワード変更", default=False)

    class Meta:
        verbose_name = "職員"
        verbose_name_plural = "職員"

    def __str__(self) -> str:
        return self.display_name or self.username

    def department_list(self) -> list[Department]:
        """Return the member's departments, read once per staff object.

        Like Django's permission cache on the user: a request's user is loaded afresh for every request,
        so the page header, the worklist and the audit entry of one request share one query. Django's
        own prefetch cache holds them (cleared by ``departments.set/add/remove``), not an attribute of ours.
        """
        prefetch_related_objects([self], "departments")
        return list(self.departments.all())

    def department_codes(self) -> list[str]:
        """Return the codes of the member's departments, sorted, as audit entries record them."""
        return sorted(department.code for department in self.department_list())


class RestrictedAccessGrant(models.Model):
    """The 支援措置 entitlement of one named member of staff, until the last day it holds (人事異動).

    The only source of ``registry.view_restricted_resident``: see ``accounts.backends``.
    """

    staff = models.OneToOneField(
        Staff, verbose_name="職員", on_delete=models.CASCADE, related_name="restricted_grant"
    )
    valid_until = models.DateField("有効期限（この日まで）", null=True, blank=True)
    granted_at = models.DateTimeField("付与日時")

    class Meta:
        verbose_name = "支援措置の閲覧権限"
        verbose_name_plural = "支援措置の閲覧権限"

    def __str__(self) -> str:
        return f"restricted access of staff {self.staff_id} until {self.valid_until or '-'}"

    def valid_on(self, day: date) -> bool:
        """Return whether the entitlement holds on this (local) day; the last day is included."""
        return self.valid_until is None or day <= self.valid_until


class LoginLock(models.Model):
    """A refusal window after too many failed logins for one account or one client address."""

    class Kind(models.TextChoices):
        ACCOUNT = "account", "アカウント"
        ADDRESS = "address", "接続元アドレス"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=150)
    locked_until = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["kind", "key", "locked_until"])]

    def __str__(self) -> str:
        return f"{self.kind} until {self.locked_until:%Y-%m-%d %H:%M}"


class LoginFailure(models.Model):
    """One failed login, kept for the throttling window only (the audit trail keeps the history)."""

    username = models.CharField(max_length=150)
    address = models.GenericIPAddressField(null=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["username", "at"]), models.Index(fields=["address", "at"])]

    def __str__(self) -> str:
        return f"failure at {self.at:%Y-%m-%d %H:%M}"
