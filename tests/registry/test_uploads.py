"""Browser uploads of the resident CSV: private, never cached, and gone soon after they are abandoned."""

from __future__ import annotations

import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from madoguchi.registry.models import Resident
from madoguchi.registry.uploads import PENDING_MAX_AGE_SECONDS
from tests.registry.samples import base_rows, to_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploads(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path / "imports"


@pytest.fixture
def second_admin(admin_staff):
    from madoguchi.accounts.roles import Role
    from madoguchi.accounts.services import staff_create
    from tests.conftest import PASSWORD

    return staff_create(username="admin2", password=PASSWORD, display_name="", roles=[Role.ADMIN])


def _preview(client: Client, name: str = "jumin.csv"):
    upload = SimpleUploadedFile(name, to_csv(base_rows()))
    return client.post("/residents/import/", {"file": upload, "encoding": "auto"})


def _age(path, seconds: int) -> None:
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_uploads_are_private_and_removed_after_use(admin_staff, login_client, uploads):
    client = login_client(admin_staff)
    _preview(client)
    _preview(client, "jumin2.csv")
    pending = list(uploads.glob("*.csv"))
    assert len(pending) == 1, "a second upload replaces the first one waiting for confirmation"
    assert pending[0].stat().st_mode & 0o077 == 0
    client.post("/residents/import/confirm/")
    assert not pending[0].exists()


def test_the_preview_is_never_cached_and_says_when_the_file_goes(admin_staff, login_client, uploads):
    response = _preview(login_client(admin_staff))
    assert "no-store" in response["Cache-Control"]
    assert f"{PENDING_MAX_AGE_SECONDS // 60}分以内に取り込まなかったとき" in response.content.decode()


def test_cancelling_removes_the_upload(admin_staff, login_client, uploads):
    client = login_client(admin_staff)
    _preview(client)
    client.get("/residents/import/")  # the "やめる" link
    assert list(uploads.glob("*.csv")) == []


def test_an_abandoned_upload_is_swept_by_the_next_upload_of_anyone(
    admin_staff, second_admin, login_client, uploads
):
    _preview(login_client(admin_staff))
    (abandoned,) = uploads.glob("*.csv")
    other = login_client(second_admin)
    _age(abandoned, PENDING_MAX_AGE_SECONDS - 30)
    _preview(other)
    assert abandoned.exists(), "still within its minutes"
    _age(abandoned, PENDING_MAX_AGE_SECONDS + 1)
    _preview(other)
    assert not abandoned.exists()
    assert len(list(uploads.glob("*.csv"))) == 1


def test_housekeeping_removes_abandoned_uploads(admin_staff, login_client, uploads, capsys):
    _preview(login_client(admin_staff))
    (abandoned,) = uploads.glob("*.csv")
    call_command("housekeeping")
    assert abandoned.exists()
    _age(abandoned, PENDING_MAX_AGE_SECONDS + 1)
    call_command("housekeeping")
    assert not abandoned.exists()
    assert "1件を削除しました" in capsys.readouterr().out


def test_confirming_too_late_explains_and_imports_nothing(admin_staff, login_client, uploads):
    client = login_client(admin_staff)
    _preview(client)
    (abandoned,) = uploads.glob("*.csv")
    _age(abandoned, PENDING_MAX_AGE_SECONDS + 1)
    response = client.post("/residents/import/confirm/", follow=True)
    assert "確認待ちのファイルがありません" in response.content.decode()
    assert Resident.objects.count() == 0


def test_logout_removes_only_the_staff_members_own_uploads(admin_staff, second_admin, login_client, uploads):
    mine, theirs = login_client(admin_staff), login_client(second_admin)
    _preview(mine)
    _preview(theirs)
    assert len(list(uploads.glob("*.csv"))) == 2
    mine.post("/accounts/logout/")
    (left,) = uploads.glob("*.csv")
    assert left.name.startswith(f"{second_admin.pk}-")


def test_session_expiry_removes_the_uploads_too(admin_staff, login_client, uploads, settings):
    client = login_client(admin_staff)
    _preview(client)
    settings.SESSION_IDLE_SECONDS = -1  # the next request finds the session idle too long
    client.get("/")
    assert list(uploads.glob("*.csv")) == []
