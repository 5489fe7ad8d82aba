"""持ち物: merged across procedures under plain names, forms left out, nothing cut off."""

from __future__ import annotations

import pytest

from madoguchi.domain.belongings import Need, canonical_name, is_form, things_to_bring
from madoguchi.domain.packs import load_pack

from .documents.conftest import PACK

ID_VARIANTS = (
    "届出人の本人確認書類",
    "窓口に来る人の本人確認書類",
    "持参者の本人確認書類",
    "申請者の本人確認書類",
    "顔写真付き本人確認書類（ない場合は保証書または照会書）",
)


def test_identity_document_written_five_ways_is_one_item():
    needs = [Need(f"手続{i}", (text,)) for i, text in enumerate(ID_VARIANTS)]
    things = things_to_bring(needs)
    assert [t.name for t in things] == ["本人確認書類（マイナンバーカード・運転免許証など）"]
    assert things[0].procedures == tuple(f"手続{i}" for i in range(5))


def test_application_forms_are_never_things_to_bring():
    needs = [
        Need("世帯主変更届", ("住民異動届（世帯主変更）", "届出人の本人確認書類")),
        Need(
            "未支給年金", ("未支給年金・未支払給付金請求書", "請求者名義の通帳", "窓口に来る人の本人確認書類")
        ),
    ]
    names = [t.name for t in things_to_bring(needs)]
    assert not any(is_form(n) for n in names)
    assert not any("異動届" in n or "請求書" in n for n in names)
    assert len(names) == 2  # 本人確認書類 and the account, once each


def test_a_printed_form_is_left_out_even_when_its_name_does_not_look_like_a_form():
    needs = [Need("印鑑登録の廃止", ("印鑑登録廃止の手続票", "印鑑登録証"))]
    things = things_to_bring(needs, printed_forms=["印鑑登録廃止の手続票"])
    assert [t.name for t in things] == ["印鑑登録証（カード）"]


def test_nothing_is_cut_off():
    documents = tuple(f"書類{i}" for i in range(12))
    assert [t.name for t in things_to_bring([Need("手続", documents)])] == list(documents)


def test_a_qualified_document_keeps_its_qualifier_once():
    needs = [
        Need("A", ("車庫証明（使用の本拠が変わる場合）",)),
        Need("B", ("車庫証明（使用の本拠が変わる場合）",)),
    ]
    (thing,) = things_to_bring(needs)
    assert thing.text() == "車庫証明（使用の本拠が変わる場合）"


@pytest.mark.parametrize(
    ("document", "name"),
    [
        ("請求者名義の口座", "振込先の口座がわかるもの（通帳・キャッシュカードなど）"),
        ("請求者名義の通帳", "振込先の口座がわかるもの（通帳・キャッシュカードなど）"),
        ("戸籍謄本（続柄確認）", "戸籍謄本・除籍謄本"),
        ("故人の出生から死亡までの戸籍", "戸籍謄本・除籍謄本"),
        ("故人の住民票除票（マイナンバー収録者は省略可）", "故人の住民票の除票"),
        ("代理人は委任状", "委任状（代理の方が手続きする場合）"),
        ("死亡診断書の写し", "死亡の事実がわかる書類（死亡診断書の写しなど）"),
        ("受給権者死亡届（報告書）", None),
        ("葬祭費支給申請書", None),
        ("準確定申告書と付表", None),
    ],
)
def test_canonical_names(document, name):
    assert canonical_name(document) == name


def test_the_whole_death_event_lists_each_thing_once():
    pack = load_pack(PACK)
    procedures = [pack.procedures[pid] for pid in pack.events["death"].procedures]
    things = things_to_bring(Need(p.name, p.documents) for p in procedures)
    names = [t.name for t in things]
    assert len(names) == len(set(names))
    assert sum("本人確認書類" in n for n in names) == 1
    assert sum("口座" in n for n in names) == 1
