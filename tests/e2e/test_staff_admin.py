"""An administrator manages staff in Chromium at 1024×768; each change is audited and takes effect."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from madoguchi.accounts.models import RestrictedAccessGrant, Staff
from madoguchi.audit.models import AuditEntry
from madoguchi.registry.services import residents_import
from madoguchi.registry.visibility import sees_restricted
from tests.conftest import PASSWORD
from tests.e2e.conftest import login
from tests.registry.samples import RESTRICTED_ATENA, base_rows, to_csv

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NEW_PASSWORD = "my-own-secret-passphrase-7"


def _page(new_page, live_server, username: str, password: str = PASSWORD):
    page = new_page()
    page.set_viewport_size({"width": 1024, "height": 768})
    login(page, live_server, username, password)
    return page


def _open_member(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/staff/")
    page.get_by_role("link", name=username, exact=True).click()


def _search(page, live_server, text: str) -> None:
    page.goto(f"{live_server.url}/residents/")
    page.get_by_label("氏名・フリガナ・生年月日・宛名番号").press_sequentially(text, delay=20)


def _change_password(page, current: str) -> None:
    page.get_by_label("現在のパスワード").fill(current)
    page.get_by_label("新しいパスワード", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("新しいパスワード（確認）").fill(NEW_PASSWORD)
    page.get_by_role("button", name="変更する").click()


def test_admin_creates_staff_who_must_change_the_temporary_password(
    admin_staff, live_server, new_page, screenshot
):
    page = _page(new_page, live_server, "admin")
    page.goto(f"{live_server.url}/accounts/staff/")
    page.get_by_role("link", name="職員を登録する").click()
    page.get_by_label("職員ID").fill("tanaka")
    page.get_by_label("表示名（氏名）").fill("田中 一郎")
    page.get_by_label("仮パスワード").fill("short")
    page.get_by_label("窓口職員").check()
    page.get_by_label("市民課").check()
    page.get_by_role("button", name="登録する").click()
    # the validators' message beside the field, everything else kept
    assert page.locator(".field__error").first.is_visible()
    assert page.get_by_label("職員ID").input_value() == "tanaka"
    assert page.get_by_label("窓口職員").is_checked()
    page.get_by_label("仮パスワード").fill("temporary-pass-2026")
    page.get_by_role("button", name="登録する").click()
    page.wait_for_url("**/accounts/staff/*/")
    screenshot(page, "created")
    tanaka = Staff.objects.get(username="tanaka")
    assert tanaka.must_change_password
    created = AuditEntry.objects.get(action="staff.create", subject=f"staff:{tanaka.pk}")
    assert created.actor_username == "admin"
    assert created.detail == {"roles": ["窓口職員"], "departments": ["shimin"]}

    # given the new member logs in, when they open any page, then they must change the password first
    member = _page(new_page, live_server, "tanaka", "temporary-pass-2026")
    page_url = f"{live_server.url}/accounts/password/"
    member.wait_for_url(page_url)
    member.goto(f"{live_server.url}/residents/")
    assert member.url == page_url
    assert "仮パスワードでログインしています" in member.content()
    screenshot(member, "forced-change")
    _change_password(member, "wrong-current-password")
    assert "現在のパスワードが正しくありません" in member.content()
    _change_password(member, "temporary-pass-2026")
    member.wait_for_url(f"{live_server.url}/")
    member.goto(f"{live_server.url}/residents/")
    assert member.locator("h1").inner_text() == "住民検索"
    assert AuditEntry.objects.filter(action="staff.password_change", actor__username="tanaka").count() == 1
    assert not Staff.objects.get(username="tanaka").must_change_password


def test_admin_resets_a_password_and_disables_a_member(
    admin_staff, counter_staff, live_server, new_page, screenshot
):
    page = _page(new_page, live_server, "admin")
    _open_member(page, live_server, "counter")
    page.get_by_label("仮パスワード").fill("reset-by-admin-2026")
    page.get_by_role("button", name="仮パスワードを設定する").click()
    assert "仮パスワードを設定しました" in page.content()
    reset = AuditEntry.objects.get(action="staff.password_set", subject=f"staff:{counter_staff.pk}")
    assert reset.detail == {"must_change": True}
    assert reset.actor_username == "admin"

    clerk = _page(new_page, live_server, "counter", "reset-by-admin-2026")
    clerk.wait_for_url(f"{live_server.url}/accounts/password/")

    page.get_by_role("button", name="この職員を無効にする").click()
    assert "無効にしました" in page.content()
    screenshot(page, "disabled")
    assert AuditEntry.objects.filter(action="staff.disable", subject=f"staff:{counter_staff.pk}").exists()
    # the open session ends at its next request, and a new login is refused
    clerk.goto(f"{live_server.url}/residents/")
    assert "/accounts/login/" in clerk.url
    again = _page(new_page, live_server, "counter", "reset-by-admin-2026")
    assert "職員IDまたはパスワードが正しくありません" in again.content()


def test_restricted_access_granted_until_a_date_and_not_after_it(
    admin_staff, counter_staff, live_server, new_page, screenshot
):
    report = residents_import(stream=io.BytesIO(to_csv(base_rows())))
    assert report.ok
    today = timezone.localdate()
    page = _page(new_page, live_server, "admin")
    _open_member(page, live_server, "counter")
    page.get_by_label("支援措置の対象者を閲覧できる").check()
    page.get_by_role("button", name="権限を保存する").click()
    assert "権限を与えるときは有効期限を指定してください" in page.content()
    page.get_by_label("有効期限（この日まで）").fill(today.isoformat())
    page.get_by_role("button", name="権限を保存する").click()
    assert "支援措置の閲覧権限を保存しました" in page.content()
    screenshot(page, "granted")
    grant = AuditEntry.objects.get(action="staff.restricted_access_granted")
    assert grant.detail == {"valid_until": today.isoformat()}

    clerk = _page(new_page, live_server, "counter")
    _search(clerk, live_server, RESTRICTED_ATENA)
    expect(clerk.locator(".result-count")).to_have_text("1人")
    assert sees_restricted(Staff.objects.get(username="counter"))

    # when the last day has passed (a personnel transfer), the same session no longer sees the person
    RestrictedAccessGrant.objects.filter(staff=counter_staff).update(valid_until=today - dt.timedelta(days=1))
    assert not sees_restricted(Staff.objects.get(username="counter"))
    _search(clerk, live_server, RESTRICTED_ATENA)
    expect(clerk.locator(".result-count")).to_have_text("該当する人はいません。")
    page.goto(f"{live_server.url}/accounts/staff/")
    assert "期限切れ" in page.content()


def test_admin_adds_a_department_in_the_browser(admin_staff, live_server, new_page, screenshot):
    page = _page(new_page, live_server, "admin")
    page.goto(f"{live_server.url}/accounts/departments/")
    page.get_by_label("課コード").fill("shimin")
    page.get_by_label("課名").fill("重複")
    page.get_by_role("button", name="追加する").click()
    assert page.locator(".field__error").first.is_visible()
    page.get_by_label("課コード").fill("kankyo")
    page.get_by_label("課名").fill("環境衛生課")
    page.get_by_label("表示順").fill("90")
    page.get_by_role("button", name="追加する").click()
    assert page.get_by_role("link", name="環境衛生課").is_visible()
    screenshot(page, "departments")
    assert AuditEntry.objects.get(action="department.create").detail == {
        "code": "kankyo",
        "name": "環境衛生課",
    }


def test_admin_changes_roles_and_departments_and_enables_again(
    admin_staff, counter_staff, live_server, new_page, screenshot
):
    # given a counter clerk moved to 保険年金課 as department staff (a personnel transfer)
    page = _page(new_page, live_server, "admin")
    _open_member(page, live_server, "counter")
    page.get_by_label("表示名（氏名）").fill("窓口 花子")
    page.get_by_label("窓口職員").uncheck()
    page.get_by_label("担当課職員").check()
    page.get_by_label("市民課").uncheck()
    page.get_by_label("保険年金課").check()
    page.get_by_role("button", name="保存する", exact=True).click()
    screenshot(page, "edited")
    update = AuditEntry.objects.get(action="staff.update", subject=f"staff:{counter_staff.pk}")
    assert update.actor_username == "admin"
    assert update.detail["after"]["roles"] == ["担当課職員"]
    assert update.detail["after"]["departments"] == ["hoken-nenkin"]
    assert update.detail["before"]["departments"] == ["shimin"]

    # then the member's next page follows the new role: the worklist, not the counter
    member = _page(new_page, live_server, "counter")
    assert member.goto(f"{live_server.url}/counter/tasks/").status == 200
    assert member.goto(f"{live_server.url}/counter/").status == 403

    # a disabled member enabled again can log in; both changes are audited
    page.get_by_role("button", name="この職員を無効にする").click()
    page.get_by_role("button", name="この職員を有効に戻す").click()
    assert "有効にしました" in page.content()
    assert AuditEntry.objects.filter(action="staff.enable", subject=f"staff:{counter_staff.pk}").exists()
    again = _page(new_page, live_server, "counter")
    again.wait_for_url(f"{live_server.url}/")
