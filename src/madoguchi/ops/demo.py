"""Demo data: the sample city's departments and one staff account per role. Never for production."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from madoguchi.accounts.models import Department, Staff
from madoguchi.accounts.roles import Role, sync_roles
from madoguchi.audit.services import audit_record
from madoguchi.registry.demo import write_demo_csv
from madoguchi.registry.services import ImportReport, residents_import

DEMO_RESIDENTS = 5000

DEMO_DEPARTMENTS = (
    ("shimin", "市民課", 10),
    ("hoken-nenkin", "保険年金課", 20),
    ("kaigo", "介護保険課", 30),
    ("zeimu", "税務課", 40),
    ("fukushi", "障害福祉課", 50),
    ("kosodate", "子育て支援課", 60),
    ("johoseisaku", "情報政策課", 70),
    ("somu", "総務課", 80),
)


@dataclass(frozen=True)
class DemoStaff:
    username: str
    password: str
    display_name: str
    role: Role
    department: str
    department_name: str
    extra_permissions: tuple[str, ...] = ()
    note: str = ""


DEMO_STAFF = (
    DemoStaff("madoguchi", "demo-madoguchi-2026", "窓口 花子", Role.COUNTER, "shimin", "市民課"),
    DemoStaff("hoken", "demo-hoken-2026", "保険 太郎", Role.DEPARTMENT, "hoken-nenkin", "保険年金課"),
    DemoStaff("kanri", "demo-kanri-2026", "管理 一郎", Role.ADMIN, "johoseisaku", "情報政策課"),
    DemoStaff("kansa", "demo-kansa-2026", "監査 裕子", Role.AUDITOR, "somu", "総務課"),
    DemoStaff("suishin", "demo-suishin-2026", "推進 真理", Role.DX, "johoseisaku", "情報政策課"),
    DemoStaff(
        "shien",
        "demo-shien-2026",
        "支援 明美",
        Role.COUNTER,
        "shimin",
        "市民課",
        extra_permissions=("registry.view_restricted_resident",),
        note="支援措置の対象者も表示できる",
    ),
)


def demo_prepare(*, client_address: str = "") -> None:
    """Create (or reset) the demo departments and staff accounts, and audit which accounts."""
    sync_roles()
    with transaction.atomic():
        for code, name, order in DEMO_DEPARTMENTS:
            Department.objects.update_or_create(code=code, defaults={"name": name, "order": order})
        for demo in DEMO_STAFF:
            staff, _ = Staff.objects.get_or_create(username=demo.username)
            staff.display_name = demo.display_name
            staff.is_active = True
            staff.set_password(demo.password)
            staff.save()
            staff.groups.set([Group.objects.get(name=demo.role.value)])
            staff.departments.set([Department.objects.get(code=demo.department)])
            staff.user_permissions.set([_permission(dotted) for dotted in demo.extra_permissions])
        accounts = Staff.objects.filter(username__in=[demo.username for demo in DEMO_STAFF]).order_by("pk")
        audit_record(
            action="staff.demo_prepare",
            actor=None,
            detail={"staff": [f"staff:{pk}" for pk in accounts.values_list("pk", flat=True)]},
            client_address=client_address,
        )


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def demo_residents_load(
    *, count: int = DEMO_RESIDENTS, seed: int = 1, client_address: str = ""
) -> ImportReport:
    """Generate the fictitious register and import it; a second run finds everything unchanged."""
    text = io.StringIO()
    write_demo_csv(text, count=count, seed=seed)
    return residents_import(
        stream=io.BytesIO(text.getvalue().encode("utf-8-sig")), client_address=client_address
    )
