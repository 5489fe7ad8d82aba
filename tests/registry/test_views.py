"""The search page, the resident page and the browser import, with the permissions and audit entries."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from madoguchi.accounts.services import staff_restricted_access_set
from madoguchi.audit.models import AuditEntry
from madoguchi.registry.models import Resident
from madoguchi.registry.services import residents_import
from tests.registry.samples import RESTRICTED_ATENA, base_rows, to_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(db):
    assert residents_import(stream=io.BytesIO(to_csv(base_rows()))).ok


@pytest.fixture
def entitled_staff(counter_staff):
    """A counter clerk who was given the 支援措置 permission by name."""
    staff_restricted_access_set(staff=counter_staff, granted=True)
    return counter_staff


def pk_of(atena_no: str) -> int:
    return Resident.objects.get(atena_no=atena_no).pk


def last(action: str) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).latest("seq")


def test_counter_staff_gets_live_results_as_a_fragment(register, counter_staff, login_client):
    client = login_client(counter_staff)
    response = client.post("/residents/", {"q": "やまだ"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert body.count('<a class="result') == 3
    entry = last("resident.search")
    assert entry.detail["kinds"] == ["kana_name"] and entry.detail["count"] == 3
    assert entry.actor_username == "counter"
    assert "やまだ" not in str(entry.detail)


def test_the_full_page_has_the_box_and_the_script(register, counter_staff, login_client):
    body = login_client(counter_staff).post("/residents/", {"q": "髙橋"}).content.decode()
    assert 'hx-trigger="input changed delay:250ms, search"' in body
    assert "js/registry-search.js" in body
    assert "<script>" not in body, "no inline script under CSP script-src 'self'"
    assert "status--deceased" in body and "死亡" in body
    assert 'hx-post="/residents/"' in body and "hx-replace-url" not in body, "names stay out of URLs"


@pytest.mark.parametrize("persona", ["hoken_staff", "zeimu_staff", "auditor_staff", "no_role_staff"])
def test_other_roles_cannot_search_or_view(register, persona, request, login_client):
    client = login_client(request.getfixturevalue(persona))
    assert client.get("/residents/").status_code == 403
    assert client.post("/residents/", {"q": "山田"}).status_code == 403
    assert client.get(f"/residents/{pk_of('000101')}/").status_code == 403


def test_the_resident_page_shows_items_and_the_household_in_order(register, counter_staff, login_client):
    pk = pk_of("000103")
    body = login_client(counter_staff).get(f"/residents/{pk}/").content.decode()
    assert "平成5年1月1日（1993年）" in body
    assert body.index("山田　太郎") < body.index("山田　花子") < body.rindex("山田　一郎")
    entry = last("resident.view")
    assert entry.subject == f"resident:{pk}"
    assert entry.detail["restricted"] is False


def test_restricted_records_are_hidden_from_counter_staff(register, counter_staff, login_client):
    client = login_client(counter_staff)
    body = client.post("/residents/", {"q": "さとう"}).content.decode()
    assert "佐藤" not in body and "該当する人はいません" in body
    assert client.get(f"/residents/{pk_of(RESTRICTED_ATENA)}/").status_code == 404
    assert not AuditEntry.objects.filter(action="resident.view").exists()


def test_entitled_staff_see_restricted_records_with_a_warning_and_audit(
    register, entitled_staff, login_client
):
    client = login_client(entitled_staff)
    pk = pk_of(RESTRICTED_ATENA)
    body = client.post("/residents/", {"q": "さとう"}).content.decode()
    assert "支援措置" in body and "result--restricted" in body
    assert last("resident.search").detail["restricted_shown"] == [f"resident:{pk}"]
    assert last("resident.restricted_shown").subject == f"resident:{pk}"
    page = client.get(f"/residents/{pk}/").content.decode()
    assert 'class="restricted-warning" role="alert"' in page
    assert last("resident.view").detail["restricted"] is True


def test_admin_previews_then_confirms_an_import(admin_staff, login_client):
    client = login_client(admin_staff)
    upload = SimpleUploadedFile("jumin.csv", to_csv(base_rows(), encoding="cp932"))
    preview = client.post("/residents/import/", {"file": upload, "encoding": "auto"}).content.decode()
    assert "取込前の確認" in preview and "追加: 10人" in preview
    assert Resident.objects.count() == 0
    done = client.post("/residents/import/confirm/").content.decode()
    assert "取込結果" in done and "取り込みました。" in done
    assert Resident.objects.count() == 10
    actions = list(
        AuditEntry.objects.filter(action__startswith="resident.import").values_list("action", flat=True)
    )
    assert actions == ["resident.import_check", "resident.import"]


def test_an_import_with_errors_cannot_be_confirmed(admin_staff, login_client):
    client = login_client(admin_staff)
    rows = base_rows()
    rows[0]["生年月日"] = "令和7年2月30日"
    upload = SimpleUploadedFile("jumin.csv", to_csv(rows))
    body = client.post("/residents/import/", {"file": upload, "encoding": "auto"}).content.decode()
    assert "2行目「生年月日」: 令和7年2月30日は存在しない日付です" in body
    assert "この内容で取り込む" not in body
    client.post("/residents/import/confirm/")
    assert Resident.objects.count() == 0


def test_counter_staff_cannot_import(counter_staff, login_client):
    assert login_client(counter_staff).get("/residents/import/").status_code == 403


def test_a_page_of_results_costs_a_fixed_number_of_queries(
    register, counter_staff, login_client, django_assert_max_num_queries
):
    client = login_client(counter_staff)
    # Session, user, permissions, two search passes, the audit entry, the layout; never one per person.
    with django_assert_max_num_queries(16):
        body = client.post("/residents/", {"q": "やまだ"}, headers={"HX-Request": "true"}).content.decode()
    assert body.count('<a class="result') == 3


@pytest.mark.parametrize("htmx", [True, False])
def test_search_results_are_never_cached(register, counter_staff, login_client, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    response = login_client(counter_staff).post("/residents/", {"q": "やまだ"}, headers=headers)
    assert "no-store" in response["Cache-Control"]


def test_the_resident_page_is_never_cached(register, counter_staff, login_client):
    response = login_client(counter_staff).get(f"/residents/{pk_of('000103')}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("pk", ["99999999999999999999", str(2**63)])
def test_an_id_too_large_for_the_database_is_not_found(register, counter_staff, login_client, pk):
    response = login_client(counter_staff).get(f"/residents/{pk}/")
    assert response.status_code == 404


def test_a_search_too_long_is_refused_without_an_error_page(register, counter_staff, login_client):
    response = login_client(counter_staff).post(
        "/residents/", {"q": "山" * 5000}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "100 文字以下" in response.content.decode()
    assert not AuditEntry.objects.filter(action="resident.search").exists()
