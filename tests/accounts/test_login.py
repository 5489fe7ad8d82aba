"""Login, failure, lockout, session rotation, logout and session expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from madoguchi.accounts.roles import Role
from madoguchi.accounts.services import staff_create
from madoguchi.audit.models import AuditEntry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _fail(client: Client, username: str, address: str = "10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": "wrong-password-123"}, REMOTE_ADDR=address)


def test_login_success_goes_home_and_is_audited(counter_staff):
    client = Client()
    response = client.post(LOGIN, {"username": "counter", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    home = client.get("/")
    assert "窓口職員の業務" in home.content.decode()
    entry = AuditEntry.objects.get(action="auth.login")
    assert entry.actor == counter_staff
    assert entry.subject == f"staff:{counter_staff.pk}"
    assert entry.department == "shimin"


def test_login_failure_shows_japanese_message_and_is_audited(counter_staff):
    response = _fail(Client(), "counter")
    assert response.status_code == 200
    assert "職員IDまたはパスワードが正しくありません" in response.content.decode()
    entry = AuditEntry.objects.get(action="auth.login_failed")
    assert entry.actor == counter_staff
    assert entry.client_address == "10.0.0.1"
    assert entry.detail == {"reason": "bad_credentials", "known_account": True}


def test_failure_for_unknown_account_is_audited_without_the_typed_name(departments):
    _fail(Client(), "no-such-person")
    entry = AuditEntry.objects.get(action="auth.login_failed")
    assert entry.actor is None
    assert "no-such-person" not in str(entry.detail)


def test_account_locks_after_ten_failures_even_with_the_right_password(counter_staff):
    client = Client()
    for i in range(10):
        _fail(client, "counter", address=f"10.0.1.{i}")  # different addresses: the account limit applies
    response = client.post(LOGIN, {"username": "counter", "password": PASSWORD}, REMOTE_ADDR="10.0.2.1")
    assert response.status_code == 429
    assert "ログインを受け付けていません" in response.content.decode()
    assert "15分後" in response.content.decode()
    assert AuditEntry.objects.filter(action="auth.login_failed").count() == 10
    refused = AuditEntry.objects.get(action="auth.login_refused")
    assert refused.subject == f"staff:{counter_staff.pk}" and refused.client_address == "10.0.2.1"
    locked = AuditEntry.objects.get(action="auth.login_locked")
    assert locked.actor == counter_staff and locked.subject == f"staff:{counter_staff.pk}"
    assert locked.client_address == "10.0.1.9"
    assert locked.detail == {"kind": "account", "failures": 10, "known_account": True}


def test_nine_failures_do_not_lock(counter_staff):
    client = Client()
    for _ in range(9):
        _fail(client, "counter")
    response = client.post(LOGIN, {"username": "counter", "password": PASSWORD})
    assert response.status_code == 302


def test_address_locks_after_ten_failures_across_accounts(counter_staff):
    client = Client()
    for i in range(10):
        _fail(client, f"guess{i}", address="192.0.2.7")
    refused = client.post(LOGIN, {"username": "counter", "password": PASSWORD}, REMOTE_ADDR="192.0.2.7")
    assert refused.status_code == 429
    elsewhere = Client().post(LOGIN, {"username": "counter", "password": PASSWORD}, REMOTE_ADDR="192.0.2.8")
    assert elsewhere.status_code == 302


def test_locks_for_unknown_names_record_the_address_but_never_the_typed_name(departments):
    client = Client()
    for _ in range(11):
        _fail(client, "typed-secret", address="192.0.2.7")
    for action in ("auth.login_locked", "auth.login_refused"):
        entry = AuditEntry.objects.filter(action=action).latest("seq")
        assert entry.actor is None and entry.subject == ""
        assert entry.client_address == "192.0.2.7"
        assert "typed-secret" not in str(entry.detail)
        assert entry.detail["known_account"] is False


def test_an_oversized_password_is_refused_with_a_message(counter_staff):
    response = Client().post(LOGIN, {"username": "counter", "password": "x" * 100_000})
    assert response.status_code == 200
    assert "1024 文字以下" in response.content.decode()
    assert not AuditEntry.objects.filter(action="auth.login").exists()


def test_lock_lifts_after_fifteen_minutes(counter_staff):
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(10):
            _fail(client, "counter")
        traveller.shift(timedelta(minutes=14))
        assert client.post(LOGIN, {"username": "counter", "password": PASSWORD}).status_code == 429
        traveller.shift(timedelta(minutes=1, seconds=1))
        assert client.post(LOGIN, {"username": "counter", "password": PASSWORD}).status_code == 302


def test_failures_older_than_the_window_do_not_count(counter_staff):
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(9):
            _fail(client, "counter")
        traveller.shift(timedelta(minutes=16))
        _fail(client, "counter")
        assert client.post(LOGIN, {"username": "counter", "password": PASSWORD}).status_code == 302


def test_session_id_changes_at_login(counter_staff):
    client = Client()
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    client.post(LOGIN, {"username": "counter", "password": PASSWORD})
    assert client.session.session_key != before


def test_logout_invalidates_the_old_session_cookie(counter_staff, login_client):
    client = login_client(counter_staff)
    old_cookie = client.cookies["madoguchi_session"].value
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    replay = Client()
    replay.cookies["madoguchi_session"] = old_cookie
    assert replay.get("/").status_code == 302  # back to the login page
    assert AuditEntry.objects.filter(action="auth.logout").count() == 1


def test_logout_needs_post(counter_staff, login_client):
    client = login_client(counter_staff)
    assert client.get("/accounts/logout/").status_code == 405


@pytest.mark.parametrize(
    ("steps_minutes", "still_in"),
    [
        ([29], True),
        ([31], False),
        ([20, 20, 20], True),  # activity keeps the session alive
        ([29, 29], True),
    ],
)
def test_idle_expiry_after_thirty_minutes(counter_staff, login_client, steps_minutes, still_in):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = login_client(counter_staff)
        for minutes in steps_minutes:
            traveller.shift(timedelta(minutes=minutes))
            response = client.get("/")
        assert (response.status_code == 200) is still_in


def test_absolute_expiry_after_twelve_hours_despite_activity(counter_staff, login_client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = login_client(counter_staff)
        for _ in range(36):  # every 20 minutes for 12 hours
            traveller.shift(timedelta(minutes=20))
            assert client.get("/").status_code == 200
        traveller.shift(timedelta(minutes=1))
        response = client.get("/", follow=True)
    assert "12時間が経過したため" in response.content.decode()
    assert AuditEntry.objects.filter(action="auth.logout", detail__reason="expired_absolute").exists()


@pytest.mark.parametrize("password", ["short-pw-1", "123456789012345", "password1234"])
def test_weak_passwords_are_rejected(departments, password):
    with pytest.raises(ValidationError):
        staff_create(username="weak", password=password, display_name="", roles=[Role.COUNTER])


def test_open_redirect_is_refused(counter_staff):
    response = Client().post(
        LOGIN + "?next=https://evil.example/",
        {"username": "counter", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"
