"""Demo data: the sample city's departments, one account per role and per department. Never for production."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from madoguchi.accounts.models import Department, RestrictedAccessGrant, Staff
from madoguchi.accounts.roles import Role, sync_roles
from madoguchi.accounts.services import staff_restricted_access_set
from madoguchi.audit.services import audit_record
from madoguchi.counter.packs import current_pack
from madoguchi.counter.services import department_for
from madoguchi.domain.packs import Pack
from madoguchi.registry.demo import write_demo_csv, write_demo_numbers_csv
from madoguchi.registry.services import (
    ImportReport,
    NumbersReport,
    department_numbers_import,
    residents_import,
)
from madoguchi.registry.visibility import RESTRICTED_PERMISSION

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


def demo_prepare(*, client_address: str = "") -> tuple[DemoStaff, ...]:
    """Create (or reset) the demo departments and staff accounts, audit which, and return them all.

    Besides DEMO_STAFF, every department of the pack gets a 担当課職員, so that each task can be done.
    """
    sync_roles()
    with transaction.atomic():
        for code, name, order in DEMO_DEPARTMENTS:
            Department.objects.update_or_create(code=code, defaults={"name": name, "order": order})
        everyone = DEMO_STAFF + _pack_department_staff(current_pack())
        for demo in everyone:
            _demo_account(demo, client_address)
        accounts = Staff.objects.filter(username__in=[demo.username for demo in everyone]).order_by("pk")
        audit_record(
            action="staff.demo_prepare",
            actor=None,
            detail={"staff": [f"staff:{pk}" for pk in accounts.values_list("pk", flat=True)]},
            client_address=client_address,
        )

    return everyone


def _demo_account(demo: DemoStaff, client_address: str) -> None:
    staff, _ = Staff.objects.get_or_create(username=demo.username)
    staff.display_name = demo.display_name
    staff.is_active = True
    staff.must_change_password = False
    staff.set_password(demo.password)
    staff.save()
    staff.groups.set([Group.objects.get(name=demo.role.value)])
    staff.departments.set([Department.objects.get(code=demo.department)])
    others = [dotted for dotted in demo.extra_permissions if dotted != RESTRICTED_PERMISSION]
    staff.user_permissions.set([_permission(dotted) for dotted in others])
    # The 支援措置 entitlement is a grant of its own (accounts.backends), here without an end date.
    restricted = RESTRICTED_PERMISSION in demo.extra_permissions
    if restricted or RestrictedAccessGrant.objects.filter(staff=staff).exists():
        staff_restricted_access_set(staff=staff, granted=restricted, client_address=client_address)


def _pack_department_staff(pack: Pack) -> tuple[DemoStaff, ...]:
    """Return a 担当課職員 for each pack department that no demo account works in yet."""
    covered = {demo.department for demo in DEMO_STAFF if demo.role is Role.DEPARTMENT}
    found = []
    for spec in sorted(pack.departments.values(), key=lambda d: d.order):
        procedures = [p for p in pack.procedures.values() if p.department == spec.id]
        if all(p.outside_city_hall for p in procedures):
            continue  # offices outside city hall get no tasks: nobody to log in for them
        department = department_for(pack, spec.id)
        if department.code in covered:
            continue
        covered.add(department.code)
        slug = spec.id.replace("_", "-")
        found.append(
            DemoStaff(
                f"ka-{slug}",
                f"demo-ka-{slug}-2026",
                f"{department.name} 担当",
                Role.DEPARTMENT,
                department.code,
                department.name,
            )
        )
    return tuple(found)


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


def demo_numbers_load(
    *, count: int = DEMO_RESIDENTS, seed: int = 1, client_address: str = ""
) -> NumbersReport:
    """Generate the departments' numbers of the same fictitious register and import them."""
    text = io.StringIO()
    write_demo_numbers_csv(text, count=count, seed=seed)
    return department_numbers_import(
        stream=io.BytesIO(text.getvalue().encode("utf-8-sig")), client_address=client_address
    )
