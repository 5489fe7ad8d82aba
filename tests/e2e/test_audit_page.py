"""An auditor at 1024×768: reads the trail in Japanese, looks a resident up, runs the 改ざん検査."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect

from madoguchi.audit.models import AuditEntry
from madoguchi.audit.services import audit_record
from madoguchi.registry.models import Resident
from madoguchi.registry.services import residents_import
from tests.conftest import PASSWORD
from tests.e2e.conftest import login
from tests.registry.samples import base_rows, to_csv

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_auditor_filters_looks_up_a_resident_and_checks_the_chain(
    auditor_staff, counter_staff, live_server, new_page, screenshot
):
    assert residents_import(stream=io.BytesIO(to_csv(base_rows()))).ok
    taro = Resident.objects.get(atena_no="000101")
    audit_record(action="resident.view", actor=counter_staff, subject=taro.subject)
    page = new_page()
    page.set_viewport_size({"width": 1024, "height": 768})
    login(page, live_server, "auditor", PASSWORD)
    page.goto(f"{live_server.url}/audit/")
    expect(page.locator("td", has_text="住民の表示").first).to_be_visible()
    expect(page.locator("td", has_text="市民課").first).to_be_visible()
    # details read as Japanese text: no Python dicts, no English keys (the import's counts included)
    details = page.locator(".audit-detail").all_inner_texts()
    assert any("文字コード: UTF-8" in d for d in details)
    assert not any(re.search(r"[{}]|^[a-z_]+:", d, re.M) for d in details), details
    screenshot(page, "list")

    # the action filter offers Japanese names
    page.get_by_label("操作", exact=True).select_option(label="住民の表示")
    page.get_by_role("button", name="絞り込む").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("td", has_text="住民の表示")).to_be_visible()
    screenshot(page, "by-action")

    # a reversed period lists nothing and says why
    page.get_by_label("期間（開始日）").fill("2026-11-30")
    page.get_by_label("期間（終了日）").fill("2026-11-01")
    page.get_by_role("button", name="絞り込む").click()
    expect(page.get_by_text("終了日が開始日より前です")).to_be_visible()
    expect(page.get_by_text("記録を表示していません。")).to_be_visible()
    screenshot(page, "refused")

    # a name gives candidates with 和暦 and age; picking one lists the entries about that person
    page.get_by_role("link", name="条件を消す").click()
    page.get_by_label("住民（宛名番号・氏名・生年月日）").fill("やまだ")
    page.get_by_role("button", name="絞り込む").click()
    expect(page.get_by_text("当てはまる住民が複数います")).to_be_visible()
    expect(page.get_by_text("昭和45年4月1日")).to_be_visible()
    screenshot(page, "candidates")
    page.get_by_role("link", name="山田　太郎").click()
    expect(page.get_by_text("宛名番号 000101")).to_be_visible()
    screenshot(page, "resident")
    expect(page.locator("td", has_text="住民の表示")).to_have_count(1)
    screenshot(page, "resident")
    assert AuditEntry.objects.filter(action="resident.search", actor=auditor_staff).count() == 2

    page.get_by_role("button", name="改ざん検査").click()
    expect(page.get_by_text("改ざん検査: 異常はありません")).to_be_visible()
    screenshot(page, "verified")
    assert AuditEntry.objects.get(action="audit.verify").detail["ok"] is True
