"""axe-core on the staff pages the counter tests do not reach, and proof that the check can fail.

The counter's own pages (case stages, board, worklist, task) are checked in test_counter_ux.py; here
the administration, audit, register, insights and resident-screen pages, each with real rows and in
its error states, at 1024×768.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest

from madoguchi.accounts.models import Department
from madoguchi.counter import services
from madoguchi.counter.models import Case
from madoguchi.insights.services import walk_survey_create
from madoguchi.registry.models import Resident
from madoguchi.registry.services import residents_import
from tests.conftest import PASSWORD
from tests.counter.conftest import bereaved_household  # noqa: F401
from tests.e2e.axe import assert_accessible, axe_check
from tests.e2e.conftest import login
from tests.registry.samples import base_rows, to_csv

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SMALL = {"width": 1024, "height": 768}


def _signed_in(new_page, live_server, username: str):
    page = new_page()
    page.set_viewport_size(SMALL)
    login(page, live_server, username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    return page


def _check_each(page, live_server, username: str, paths: list[str]) -> None:
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        assert_accessible(page, f"{username}{path}")


def test_the_check_fails_on_an_injected_violation(live_server, new_page, counter_staff):
    # given a page that passes
    page = _signed_in(new_page, live_server, "counter")
    assert_accessible(page, "injected-violation-before")
    # when a button without a name and an image without alt text are put into it
    page.evaluate(
        """() => {
            const main = document.querySelector('main');
            main.appendChild(document.createElement('button'));
            const img = document.createElement('img');
            img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
            main.appendChild(img);
        }"""
    )
    # then axe-core reports them as critical and the assertion fails with their names
    found = {v["id"] for v in axe_check(page, "injected-violation-expected")}
    assert {"button-name", "image-alt"} <= found
    with pytest.raises(AssertionError, match="button-name"):
        assert_accessible(page, "injected-violation-expected")


def test_administration_register_and_audit_pages(
    live_server, new_page, admin_staff, auditor_staff, counter_staff, settings, tmp_path
):
    assert residents_import(stream=io.BytesIO(to_csv(base_rows()))).ok
    login_page = new_page()
    login_page.set_viewport_size(SMALL)
    login_page.goto(f"{live_server.url}/accounts/login/")
    login_page.get_by_role("button", name="ログイン").click()  # empty: the messages are shown
    assert_accessible(login_page, "login-refused")

    admin = _signed_in(new_page, live_server, "admin")
    shimin = Department.objects.get(code="shimin")
    taro = Resident.objects.get(atena_no="000101")
    _check_each(
        admin,
        live_server,
        "admin",
        [
            f"/accounts/staff/{counter_staff.pk}/",
            f"/accounts/departments/{shimin.pk}/",
            "/residents/import/",
        ],
    )
    clerk = _signed_in(new_page, live_server, "counter")
    _check_each(clerk, live_server, "counter", [f"/residents/{taro.pk}/"])
    # the import's check: a file with a bad date in one row, and a good file's preview
    settings.VAR_DIR = tmp_path
    rows = base_rows()
    rows[0]["生年月日"] = "19991340"
    for name, content in (("bad.csv", to_csv(rows)), ("good.csv", to_csv(base_rows()))):
        (tmp_path / name).write_bytes(content)
        admin.goto(f"{live_server.url}/residents/import/")
        admin.get_by_label("住民データのCSVファイル").set_input_files(str(tmp_path / name))
        admin.get_by_role("button", name="検査する").click()
        admin.wait_for_load_state()
        assert_accessible(admin, f"admin-import-{name}")
    # error states: a grant without an expiry date, a staff form with a short password
    admin.goto(f"{live_server.url}/accounts/staff/{counter_staff.pk}/")
    admin.get_by_label("支援措置の対象者を閲覧できる").check()
    admin.get_by_role("button", name="権限を保存する").click()
    assert_accessible(admin, "admin-grant-refused")
    admin.goto(f"{live_server.url}/accounts/staff/new/")
    admin.get_by_label("職員ID").fill("x")
    admin.get_by_label("仮パスワード").fill("short")
    admin.get_by_role("button", name="登録する").click()
    assert_accessible(admin, "admin-staff-refused")

    auditor = _signed_in(new_page, live_server, "auditor")
    _check_each(
        auditor,
        live_server,
        "auditor",
        ["/audit/?date_from=2026-11-30&date_to=2026-11-01", "/audit/?resident=やまだ"],
    )
    auditor.goto(f"{live_server.url}/audit/")
    auditor.get_by_role("button", name="改ざん検査").click()
    auditor.get_by_text("改ざん検査: 異常はありません").wait_for()
    assert_accessible(auditor, "auditor-verified")


def test_insights_task_refusal_and_resident_screen(
    live_server,
    new_page,
    counter_staff,
    hoken_staff,
    dx_staff,
    bereaved_household,  # noqa: F811
):
    walk = walk_survey_create(
        event="death", title="おくやみ", surveyed_on=dt.date(2026, 12, 1), actor=dx_staff
    )
    dx = _signed_in(new_page, live_server, "dx")
    _check_each(
        dx,
        live_server,
        "dx",
        ["/insights/", "/insights/compare/?event=death", "/insights/walks/", f"/insights/walks/{walk.pk}/"],
    )

    # a case waiting for the resident, with a bank account among its form values
    case = services.case_open(actor=counter_staff, events=["death"], seat="1番", event_date=None)
    services.case_person_add(
        case=case, role="deceased", resident=bereaved_household["deceased"], actor=counter_staff
    )
    services.case_form_values_record(
        case=case, values={"answers.bank.number": "1234567"}, actor=counter_staff
    )
    code = services.case_finish_interview(case=case, actor=counter_staff)
    tablet = new_page()
    tablet.set_viewport_size(SMALL)
    tablet.goto(f"{live_server.url}/counter/screen/")
    tablet.get_by_label("確認番号").fill(code)
    tablet.get_by_role("button", name="表示する").click()
    tablet.get_by_test_id("screen-confirm").wait_for()
    assert "1234567" not in tablet.content()
    assert_accessible(tablet, "resident-screen-view")
    tablet.get_by_test_id("screen-confirm").click()
    tablet.get_by_test_id("survey-open").click()
    assert_accessible(tablet, "resident-survey")

    # the department's task page with a refused action (対象外 without a reason)
    # the resident confirmed on the tablet: the tasks are routed
    case = Case.objects.get(pk=case.pk)
    task = case.tasks.filter(department__code="hoken-nenkin").first()
    clerk = _signed_in(new_page, live_server, "hoken")
    clerk.goto(f"{live_server.url}/counter/tasks/{task.pk}/")
    clerk.get_by_test_id("not-needed").click()
    clerk.locator("#nn-error").wait_for()
    assert_accessible(clerk, "hoken-task-refused")
