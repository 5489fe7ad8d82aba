"""Persona fixtures shared by every Django test: who is acting decides what they may see."""

from __future__ import annotations

import pytest
from django.test import Client

from madoguchi.accounts.models import Department, Staff
from madoguchi.accounts.roles import Role
from madoguchi.accounts.services import staff_create

PASSWORD = "correct-horse-battery-2026"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """Hash with MD5 in tests only: the real PBKDF2 cost is deliberate and would dominate the suite."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def departments(db: None) -> dict[str, Department]:
    rows = [
        ("shimin", "市民課", 10),
        ("hoken-nenkin", "保険年金課", 20),
        ("zeimu", "税務課", 40),
        ("somu", "総務課", 80),
    ]
    return {code: Department.objects.create(code=code, name=name, order=order) for code, name, order in rows}


def _make(username: str, role: Role | None, department: str | None) -> Staff:
    return staff_create(
        username=username,
        password=PASSWORD,
        display_name=username,
        roles=[role] if role else [],
        department_codes=[department] if department else [],
    )


@pytest.fixture
def counter_staff(departments: dict[str, Department]) -> Staff:
    """窓口職員 of 市民課."""
    return _make("counter", Role.COUNTER, "shimin")


@pytest.fixture
def hoken_staff(departments: dict[str, Department]) -> Staff:
    """担当課職員 of 保険年金課."""
    return _make("hoken", Role.DEPARTMENT, "hoken-nenkin")


@pytest.fixture
def zeimu_staff(departments: dict[str, Department]) -> Staff:
    """担当課職員 of another department (税務課)."""
    return _make("zeimu", Role.DEPARTMENT, "zeimu")


@pytest.fixture
def admin_staff(departments: dict[str, Department]) -> Staff:
    """管理者."""
    return _make("admin", Role.ADMIN, "somu")


@pytest.fixture
def auditor_staff(departments: dict[str, Department]) -> Staff:
    """監査担当."""
    return _make("auditor", Role.AUDITOR, "somu")


@pytest.fixture
def dx_staff(departments: dict[str, Department]) -> Staff:
    """DX推進 of 総務課."""
    return _make("dx", Role.DX, "somu")


@pytest.fixture
def no_role_staff(departments: dict[str, Department]) -> Staff:
    """A member of staff with no role yet."""
    return _make("norole", None, None)


@pytest.fixture
def login_client():
    """Return a function that logs a member of staff in through the real login page."""

    def _login(staff: Staff, client: Client | None = None) -> Client:
        client = client or Client()
        response = client.post("/accounts/login/", {"username": staff.username, "password": PASSWORD})
        assert response.status_code == 302, response.content.decode()
        return client

    return _login


# Session-wide: fails the run if any application log line carries a resident's name, kana or 宛名番号.
from tests.ops.logscan import no_personal_data_in_logs  # noqa: E402, F401
