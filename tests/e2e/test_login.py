"""A member of staff logs in through the real page in Chromium and sees their role's home page."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_counter_staff_logs_in_and_sees_the_counter_home(counter_staff, live_server, new_page, screenshot):
    page = new_page()
    login(page, live_server, "counter", PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "ホーム"
    assert page.locator("[data-role=COUNTER] h2").inner_text() == "窓口職員の業務"
    assert page.locator(".site-user__dept").inner_text() == "市民課"
    assert page.locator("html").get_attribute("lang") == "ja"
    screenshot(page, "home")


def test_wrong_password_shows_the_message_in_the_page(counter_staff, live_server, new_page, screenshot):
    page = new_page()
    login(page, live_server, "counter", "wrong-password-123")
    alert = page.get_by_role("alert")
    assert "職員IDまたはパスワードが正しくありません" in alert.inner_text()
    screenshot(page, "login-error")


def test_auditor_reaches_the_audit_log_and_logs_out(auditor_staff, live_server, new_page):
    page = new_page()
    login(page, live_server, "auditor", PASSWORD)
    page.get_by_role("link", name="監査ログを見る").click()
    assert page.locator("h1").inner_text() == "監査ログ"
    assert page.locator('td[title="auth.login"]').first.is_visible()
    page.get_by_role("button", name="ログアウト").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    page.goto(f"{live_server.url}/audit/")
    assert "/accounts/login/" in page.url
