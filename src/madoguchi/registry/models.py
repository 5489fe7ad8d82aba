"""Residents (current and 除票) and households, as imported from the core resident system.

Names keep their original characters; the ``*_key`` columns beside them hold the search keys of
``madoguchi.domain.japanese`` (width, kana kind, spacing and 異体字 folded) and are indexed for
prefix scans, so that search never needs ``LIKE '%x%'``.
"""

from __future__ import annotations

from django.db import models


class Household(models.Model):
    """A household (世帯), identified by the core system's 世帯番号."""

    household_no = models.CharField("世帯番号", max_length=20, unique=True)

    class Meta:
        verbose_name = "世帯"
        verbose_name_plural = "世帯"

    def __str__(self) -> str:
        return self.household_no


class Resident(models.Model):
    """A person of the resident register, current (住民) or removed (転出・死亡・消除)."""

    class Status(models.IntegerChoices):
        RESIDENT = 1, "住民"
        MOVED_OUT = 2, "転出"
        DECEASED = 3, "死亡"
        REMOVED = 9, "消除"

    class Sex(models.TextChoices):
        MALE = "1", "男"
        FEMALE = "2", "女"
        OTHER = "9", "—"

    class Kind(models.IntegerChoices):
        JAPANESE = 1, "日本人"
        FOREIGN = 2, "外国人"

    atena_no = models.CharField("宛名番号", max_length=20, unique=True)
    household = models.ForeignKey(
        Household, verbose_name="世帯", on_delete=models.PROTECT, related_name="members"
    )
    household_order = models.PositiveSmallIntegerField("記載順位", null=True, blank=True)
    relation = models.CharField("続柄", max_length=40)
    name = models.CharField("氏名", max_length=100)
    kana = models.CharField("氏名フリガナ", max_length=100, blank=True)
    # name_key and kana_key are indexed by the composite indexes in Meta (they lead them).
    name_key = models.CharField(max_length=100)
    given_name_key = models.CharField(max_length=100, db_index=True, blank=True)
    kana_key = models.CharField(max_length=100, blank=True)
    given_kana_key = models.CharField(max_length=100, db_index=True, blank=True)
    # NULL without a 通称: partial indexes then hold only the few residents who have one.
    alias_key = models.CharField(max_length=100, null=True, blank=True)  # noqa: DJ001
    alias_kana_key = models.CharField(max_length=100, null=True, blank=True)  # noqa: DJ001
    birth_date = models.DateField("生年月日", db_index=True)
    sex = models.CharField("性別", max_length=1, choices=Sex.choices)
    status = models.PositiveSmallIntegerField("住民状態", choices=Status.choices)
    resident_kind = models.PositiveSmallIntegerField("住民種別", choices=Kind.choices, default=Kind.JAPANESE)
    postal_code = models.CharField("郵便番号", max_length=7, blank=True)
    address = models.CharField("住所", max_length=200)
    address_detail = models.CharField("方書", max_length=200, blank=True)
    became_resident_on = models.DateField("住民となった日", null=True, blank=True)
    changed_on = models.DateField("異動日", null=True, blank=True)
    change_reason = models.CharField("異動事由", max_length=40, blank=True)
    removed_on = models.DateField("消除日", null=True, blank=True)
    former_surname = models.CharField("旧氏", max_length=50, blank=True)
    alias_name = models.CharField("通称", max_length=100, blank=True)
    alias_kana = models.CharField("通称フリガナ", max_length=100, blank=True)
    nationality = models.CharField("国籍", max_length=60, blank=True)
    residence_status = models.CharField("在留資格", max_length=60, blank=True)
    residence_expiry = models.DateField("在留期間満了日", null=True, blank=True)
    honseki = models.CharField("本籍", max_length=200, blank=True)
    hittosha = models.CharField("筆頭者", max_length=100, blank=True)
    national_health_insurance = models.BooleanField("国保", default=False)
    late_elderly_insurance = models.BooleanField("後期高齢", default=False)
    care_insurance = models.BooleanField("介護保険", default=False)
    pension_kind = models.CharField("国民年金種別", max_length=20, blank=True)
    seal_registered = models.BooleanField("印鑑登録", default=False)
    my_number_card = models.BooleanField("マイナンバーカード", default=False)
    restricted = models.BooleanField("支援措置", default=False)
    phone = models.CharField("電話番号", max_length=30, blank=True)

    class Meta:
        verbose_name = "住民"
        verbose_name_plural = "住民"
        indexes = [
            # Each serves the full-name key alone, and with the given name in the other script (山田 はなこ)
            # the index entries alone answer it, with no table lookups.
            models.Index(fields=["name_key", "given_kana_key"], name="resident_name_given_kana"),
            models.Index(fields=["kana_key", "given_name_key"], name="resident_kana_given_name"),
            models.Index(
                fields=["alias_key"], name="resident_alias_key", condition=models.Q(alias_key__isnull=False)
            ),
            models.Index(
                fields=["alias_kana_key"],
                name="resident_alias_kana_key",
                condition=models.Q(alias_kana_key__isnull=False),
            ),
        ]
        permissions = [
            ("search_resident", "住民を検索する"),
            ("view_restricted_resident", "支援措置の対象者を検索・閲覧する"),
            ("import_resident", "住民データを取り込む"),
        ]

    def __str__(self) -> str:
        return f"resident:{self.pk}"

    @property
    def subject(self) -> str:
        """Return the audit subject: an internal id, never a name."""
        return f"resident:{self.pk}"

    @property
    def is_current(self) -> bool:
        """Return whether the person is on the register now (not 除票)."""
        return self.status == self.Status.RESIDENT


class DepartmentNumber(models.Model):
    """A number a department's own system gives a person (国保記号番号, 介護保険被保険者番号 …).

    Imported from the core systems beside the register (``madoguchi import-numbers``), keyed by the
    宛名番号 and printed on that department's forms; never shown in search results or lists.
    """

    atena_no = models.CharField("宛名番号", max_length=20)
    kind = models.CharField("番号の種類", max_length=40)
    number = models.CharField("番号", max_length=40)

    class Meta:
        verbose_name = "業務システムの番号"
        verbose_name_plural = "業務システムの番号"
        constraints = [models.UniqueConstraint(fields=["atena_no", "kind"], name="department_number_once")]
        # Whether a kind is imported at all (then a person without one holds none): one index probe.
        indexes = [models.Index(fields=["kind"], name="department_number_kind")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.pk}"
