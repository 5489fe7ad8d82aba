"""People of a visit: picked from the register search, or typed in with the Japanese input helpers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from madoguchi.audit.models import AuditEntry
from madoguchi.counter.models import CasePerson
from madoguchi.counter.services import person_details_seen
from madoguchi.domain.japanese import age_on
from madoguchi.registry.models import Resident
from tests.counter.helpers import add_typed, open_case

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed_kana", "typed_birth", "kana", "birth"),
    [
        ("たかはし なおこ", "昭和43年7月30日", "タカハシ ナオコ", dt.date(1968, 7, 30)),
        ("ﾀｶﾊｼ ﾅｵｺ", "S43.7.30", "タカハシ ナオコ", dt.date(1968, 7, 30)),
        ("タカハシ　ナオコ", "1968-07-30", "タカハシ　ナオコ", dt.date(1968, 7, 30)),
        ("やまだ はると", "令和2年4月1日", "ヤマダ ハルト", dt.date(2020, 4, 1)),
    ],
)
def test_typed_person_kana_and_wareki(
    client, login_client, counter_staff, typed_kana, typed_birth, kana, birth
):
    login_client(counter_staff, client)
    case = open_case(client, events=("move_in",))
    add_typed(
        client,
        case,
        "movers",
        name="高橋　直子",
        kana=typed_kana,
        birth_date=typed_birth,
        postal_code="６９０ー０８２６",
    )
    person = CasePerson.objects.get(case=case)
    assert (person.kana, person.birth_date, person.postal_code) == (kana, birth, "690-0826")


def test_an_impossible_date_is_refused_with_its_place(client, login_client, counter_staff):
    login_client(counter_staff, client)
    case = open_case(client, events=("move_in",))
    response = client.post(
        f"/counter/visits/{case.pk}/people/",
        {"role": "movers", "name": "山田　花", "birth_date": "令和7年2月30日"},
        follow=True,
    )
    page = response.content.decode()
    assert "生年月日" in page and "令和7年2月30日" in page
    assert not CasePerson.objects.filter(case=case).exists()


def test_postal_code_gives_the_address(client, login_client, counter_staff):
    login_client(counter_staff, client)
    page = client.get("/counter/postal/", {"postal_code": "100-0001"}).content.decode()
    assert "東京都千代田区千代田" in page


def test_search_from_the_visit_is_audited_without_the_typed_text(
    client, login_client, counter_staff, bereaved_household
):
    login_client(counter_staff, client)
    case = open_case(client)
    page = client.post(
        f"/counter/visits/{case.pk}/search/", {"q": "すずき", "role": "deceased"}
    ).content.decode()
    assert "鈴木　一郎" in page and "死亡" in page
    entry = AuditEntry.objects.filter(action="resident.search").last()
    assert entry.detail["channel"] == "counter" and entry.detail["count"] == 3
    assert "すずき" not in str(entry.detail)


@pytest.mark.parametrize(
    "typed", ["すずき けんいち 1976", "すずき S51", "スズキ　ケンイチ　昭和51年", "すずき ３５１０８０３"]
)
def test_search_from_the_visit_takes_kana_with_a_year_and_shows_wareki_and_age(
    client, login_client, counter_staff, bereaved_household, typed
):
    login_client(counter_staff, client)
    case = open_case(client)
    page = client.post(
        f"/counter/visits/{case.pk}/search/", {"q": typed, "role": "applicant"}
    ).content.decode()
    assert page.count('data-testid="result"') == 1, typed
    age = age_on(dt.date(1976, 8, 3), timezone.localdate())
    assert f"昭和51年8月3日（1976年）生　{age}歳" in page and "1976-08-03" not in page


def test_people_of_the_visit_show_wareki_and_age(client, login_client, counter_staff, bereaved_household):
    login_client(counter_staff, client)
    case = open_case(client)
    client.post(
        f"/counter/visits/{case.pk}/people/",
        {"role": "deceased", "resident": bereaved_household["deceased"].pk},
    )
    add_typed(client, case, "applicant", name="髙橋　直子", birth_date="S43.7.30")
    page = client.get(f"/counter/visits/{case.pk}/").content.decode()
    assert "昭和16年2月11日（1941年）生　85歳（消除時）" in page
    assert f"昭和43年7月30日（1968年）生　{age_on(dt.date(1968, 7, 30), timezone.localdate())}歳" in page


def test_a_restricted_resident_cannot_be_added_by_id(client, login_client, counter_staff, bereaved_household):
    Resident.objects.filter(pk=bereaved_household["son"].pk).update(restricted=True)
    login_client(counter_staff, client)
    case = open_case(client)
    response = client.post(
        f"/counter/visits/{case.pk}/people/", {"role": "applicant", "resident": bereaved_household["son"].pk}
    )
    assert response.status_code == 404
    assert not CasePerson.objects.filter(case=case).exists()


def test_applicant_relationship_and_phone_are_saved_and_audited(
    client, login_client, counter_staff, bereaved_household
):
    login_client(counter_staff, client)
    case = open_case(client)
    add_typed(client, case, "applicant", name="髙橋　直子")
    person = CasePerson.objects.get(case=case)
    client.post(
        f"/counter/visits/{case.pk}/people/{person.pk}/details/",
        {"relationship": "長女", "phone": "０９０ー１２３４ー５６７８", "seen": person_details_seen(person)},
    )
    person.refresh_from_db()
    assert (person.relationship, person.phone) == ("長女", "090-1234-5678")
    entry = AuditEntry.objects.filter(action="case.person_details").last()
    assert entry.subject == case.subject and entry.detail["fields"] == ["phone", "relationship"]


def test_a_wrong_phone_number_keeps_what_was_typed_beside_the_field(
    client, login_client, counter_staff, bereaved_household
):
    login_client(counter_staff, client)
    case = open_case(client)
    add_typed(client, case, "applicant", name="髙橋　直子")
    person = CasePerson.objects.get(case=case)
    response = client.post(
        f"/counter/visits/{case.pk}/people/{person.pk}/details/",
        {"relationship": "長女", "phone": "090-1", "seen": person_details_seen(person)},
    )
    assert response.status_code == 400
    form = response.content.decode()
    assert "電話番号: 「090-1」は電話番号として読めません" in form
    assert 'value="090-1"' in form and 'value="長女"' in form
    person.refresh_from_db()
    assert (person.relationship, person.phone) == ("", "")


def test_a_typed_person_with_a_wrong_phone_keeps_every_field(client, login_client, counter_staff):
    login_client(counter_staff, client)
    case = open_case(client)
    typed = {"name": "髙橋　直子", "kana": "たかはし", "birth_date": "S43.7.30", "phone": "０９０ー１２３"}
    response = client.post(f"/counter/visits/{case.pk}/people/", {"role": "applicant", **typed})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'aria-invalid="true" aria-describedby="typed-error-phone"' in page
    message = "「０９０ー１２３」は電話番号として読めません"
    assert f'<span class="field__error" id="typed-error-phone" role="alert">{message}' in page
    assert 'value="０９０ー１２３" aria-invalid="true"' in page
    assert all(f'value="{value}"' in page for value in typed.values())
    assert not CasePerson.objects.filter(case=case).exists()
