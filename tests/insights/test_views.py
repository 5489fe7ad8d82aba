"""Who may see the measurements, what the pages and exports show, and that exports are audited."""

from __future__ import annotations

import datetime as dt
import io

import pypdfium2
import pytest

from madoguchi.audit.models import AuditEntry
from madoguchi.insights.models import ResidentSurvey, WalkStop, WalkSurvey
from tests.insights.conftest import closed_cases

pytestmark = pytest.mark.django_db
JUNE = "start=2026-06-01&end=2026-06-30&grain=day"


@pytest.mark.parametrize("persona", ["counter_staff", "hoken_staff", "auditor_staff"])
def test_other_roles_are_refused(persona, request, login_client):
    client = login_client(request.getfixturevalue(persona))
    for url in ("/insights/", "/insights/compare/", "/insights/walks/", "/insights/export.csv"):
        assert client.get(url).status_code == 403


@pytest.mark.parametrize("persona", ["dx_staff", "admin_staff"])
def test_dx_and_administrators_see_the_dashboard(persona, request, login_client, counter_staff):
    closed_cases(counter_staff, 6)
    page = login_client(request.getfixturevalue(persona)).get(f"/insights/?{JUNE}").content.decode()
    assert "効果測定ダッシュボード" in page
    assert page.count('src="data:image/svg+xml;base64,') == 4
    assert "<script>" not in page and "style=" not in page


def test_small_counts_show_as_under_five(dx_staff, login_client, counter_staff):
    closed_cases(counter_staff, 3)
    page = login_client(dx_staff).get(f"/insights/?{JUNE}").content.decode()
    assert "5未満" in page
    assert "30.0分" not in page  # the median of three cases is not shown


def test_bad_filters_get_a_japanese_message(dx_staff, login_client):
    response = login_client(dx_staff).get("/insights/?start=2026-13-01&end=2026-01-01")
    assert response.status_code == 200
    assert "2026-04-01 の形で" in response.content.decode()
    response = login_client(dx_staff).get("/insights/?start=2026-06-30&end=2026-06-01")
    assert "開始日が終了日より後" in response.content.decode()


def test_csv_in_cp932_and_utf8_is_audited(dx_staff, login_client, counter_staff):
    closed_cases(counter_staff, 6, minutes=30)
    client = login_client(dx_staff)
    response = client.get(f"/insights/export.csv?{JUNE}&encoding=cp932")
    text = response.content.decode("cp932")
    assert text.startswith("期間の初日,集計単位,ライフイベント,来庁件数")
    assert "2026-06-10,日,すべて,6,30.0" in text
    assert (
        client.get(f"/insights/export.csv?{JUNE}&encoding=utf-8")
        .content.decode("utf-8")
        .startswith("期間の初日")
    )
    entries = AuditEntry.objects.filter(action="insights.export")
    assert [e.detail["encoding"] for e in entries.order_by("seq")] == ["cp932", "utf-8"]
    # The audit page reads the filters as staff chose them, not as codes.
    assert (entries.first().detail["grain"], entries.first().detail["event"]) == ("日", "すべて")


def test_csv_suppresses_small_periods(dx_staff, login_client, counter_staff):
    closed_cases(counter_staff, 2)
    text = login_client(dx_staff).get(f"/insights/export.csv?{JUNE}").content.decode("cp932")
    assert "2026-06-10,日,すべて,5未満,5未満" in text


def test_monthly_pdf_has_the_figures_and_before_after(dx_staff, login_client, counter_staff):
    closed_cases(counter_staff, 6, minutes=30)
    survey = WalkSurvey.objects.create(
        event="death", title="死亡の体験調査", surveyed_on=dt.date(2026, 5, 1), surveyor=dx_staff
    )
    WalkStop.objects.create(
        survey=survey, order=1, place="市民課", writes_name=20, writes_address=12, handling_seconds=3600
    )
    for _ in range(5):
        ResidentSurvey.objects.create(event="death", answered_on=dt.date(2026, 6, 10), satisfaction=5)
    response = login_client(dx_staff).get("/insights/report.pdf?month=2026-06&event=death")
    assert response["Content-Type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(io.BytesIO(response.content))
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "月次報告 2026年6月" in text
    assert "手書き" in text and "32回 → 0回" in text
    assert "回答数: 5" in text
    # the charts are drawn into the PDF as vector graphics, their text readable
    titles = ("来庁（完了した受付）の件数", "段階ごとの平均所要時間（分）", "書かずに済んだ記入", "満足度")
    assert all(title in text for title in titles)
    assert "6/10" in text and "5点" in text
    assert AuditEntry.objects.filter(action="insights.export", detail__kind="monthly_pdf").exists()


def test_a_bad_month_is_refused_with_a_message(dx_staff, login_client):
    response = login_client(dx_staff).get("/insights/report.pdf?month=2026-13", follow=True)
    assert "存在しない月です" in response.content.decode()


def test_walk_survey_recorded_stop_by_stop(dx_staff, login_client):
    client = login_client(dx_staff)
    response = client.post(
        "/insights/walks/", {"event": "death", "title": "死亡届の体験", "surveyed_on": "2026-05-01"}
    )
    survey = WalkSurvey.objects.get()
    assert response["Location"] == f"/insights/walks/{survey.pk}/"
    client.post(f"/insights/walks/{survey.pk}/clock/", {"action": "start"})
    stop = {
        "place": "市民課 1番",
        "department": "市民課",
        "wait_seconds": "300",
        "handling_seconds": "600",
        "forms": "2",
        "writes_name": "4",
        "writes_address": "3",
        "writes_birth_date": "2",
    }
    partial = client.post(
        f"/insights/walks/{survey.pk}/stops/", stop, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "1か所・様式2枚・手書き9回" in partial
    client.post(f"/insights/walks/{survey.pk}/stops/", {**stop, "place": "保険年金課"})
    assert list(survey.stops.values_list("order", flat=True)) == [1, 2]
    bad = client.post(f"/insights/walks/{survey.pk}/stops/", {**stop, "writes_name": "-1"})
    assert bad.status_code == 400 and "氏名は0以上" in bad.content.decode()
    assert AuditEntry.objects.filter(action="walk.stop_add").count() == 2


def test_before_and_after_states_the_difference(dx_staff, login_client, counter_staff):
    closed_cases(counter_staff, 5, minutes=40)
    survey = WalkSurvey.objects.create(
        event="death", title="体験A", surveyed_on=dt.date(2026, 5, 1), surveyor=dx_staff
    )
    for order in (1, 2, 3):
        WalkStop.objects.create(
            survey=survey, order=order, place=f"窓口{order}", writes_name=10, handling_seconds=1200
        )
    page = login_client(dx_staff).get(f"/insights/compare/?{JUNE}&event=death").content.decode()
    assert "30回 → 0回" in page
    assert "3か所 → 1か所" in page
    assert "60分 → 40分" in page


def test_comments_are_masked_and_hidden_below_five(dx_staff, login_client):
    for _ in range(4):
        ResidentSurvey.objects.create(
            event="death", answered_on=dt.date(2026, 6, 10), comment="鈴木さん 090-1111-2222"
        )
    client = login_client(dx_staff)
    assert "鈴木" not in client.get(f"/insights/?{JUNE}").content.decode()
    ResidentSurvey.objects.create(event="death", answered_on=dt.date(2026, 6, 11), comment="職員の田中が親切")
    page = client.get(f"/insights/?{JUNE}").content.decode()
    assert "＊＊さん" in page and "090" not in page and "田中" not in page and "親切" in page


def test_a_stop_recorded_by_mistake_is_removed(dx_staff, login_client):
    survey = WalkSurvey.objects.create(
        event="death", title="体験", surveyed_on=dt.date(2026, 5, 1), surveyor=dx_staff
    )
    stop = WalkStop.objects.create(survey=survey, order=1, place="市民課")
    client = login_client(dx_staff)
    assert (
        client.post(
            f"/insights/walks/{survey.pk}/stops/remove/", {"stop": "99999999999999999999"}
        ).status_code
        == 404
    )
    client.post(f"/insights/walks/{survey.pk}/stops/remove/", {"stop": str(stop.pk)})
    assert not WalkStop.objects.exists()
    assert AuditEntry.objects.filter(action="walk.stop_remove").exists()
