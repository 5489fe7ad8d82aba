"""Importing the core system's CSV: encodings, idempotency, 個人番号, and all-or-nothing errors."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from madoguchi.audit.models import AuditEntry
from madoguchi.counter.models import CasePerson
from madoguchi.counter.services import case_open, case_person_add
from madoguchi.registry import csvreader
from madoguchi.registry.models import Household, Resident
from madoguchi.registry.services import detect_encoding, residents_import
from tests.registry.samples import COLUMNS, base_rows, to_csv

pytestmark = pytest.mark.django_db


def run_import(data: bytes, **kwargs):
    return residents_import(stream=io.BytesIO(data), **kwargs)


@pytest.fixture(params=["in-process", "helper-process"])
def both_readers(request, monkeypatch):
    """Run the test with the file read in this process and by the helper process large files use."""
    if request.param == "helper-process":
        monkeypatch.setattr(csvreader, "HELPER_MIN_BYTES", 0)


@pytest.mark.usefixtures("both_readers")
@pytest.mark.parametrize("encoding", ["cp932", "utf-8-sig", "utf-8"])
def test_the_same_register_imports_from_cp932_and_utf8_with_or_without_bom(encoding):
    report = run_import(to_csv(base_rows(), encoding=encoding))
    assert report.ok, report.lines()
    assert report.encoding == ("cp932" if encoding == "cp932" else "utf-8-sig")
    assert report.added == 10
    takahashi = Resident.objects.get(atena_no="000201")
    # Original characters are kept exactly; only the key is folded.
    assert takahashi.name == "髙橋　一郎"
    assert takahashi.name_key == "高橋一郎"
    assert Resident.objects.get(atena_no="000501").name == "宮﨑　真一"
    assert Resident.objects.get(atena_no="000103").kana == "ﾔﾏﾀﾞ ｲﾁﾛｳ"


def test_dates_in_every_notation_are_read():
    run_import(to_csv(base_rows()))
    births = dict(Resident.objects.values_list("atena_no", "birth_date"))
    assert str(births["000101"]) == "1970-04-01"  # 3450401
    assert str(births["000102"]) == "1972-06-15"  # S47.6.15
    assert str(births["000103"]) == "1993-01-01"  # 平成5年1月1日
    assert str(births["000202"]) == "1952-03-03"  # ISO


def test_households_codes_and_flags_are_stored():
    run_import(to_csv(base_rows()))
    household = Household.objects.get(household_no="9001")
    members = list(household.members.order_by("household_order").values_list("relation", flat=True))
    assert members == ["世帯主", "妻", "子"]
    statuses = dict(Resident.objects.values_list("atena_no", "status"))
    assert (statuses["000201"], statuses["000401"], statuses["000501"]) == (3, 2, 9)
    assert Resident.objects.get(atena_no="000601").restricted is True
    foreign = Resident.objects.get(atena_no="000701")
    assert (foreign.resident_kind, foreign.alias_name, foreign.alias_key) == (2, "中村　安", "中村安")


@pytest.mark.usefixtures("both_readers")
def test_importing_the_same_file_twice_changes_nothing():
    data = to_csv(base_rows())
    run_import(data)
    before = list(Resident.objects.order_by("pk").values())
    again = run_import(data)
    assert (again.added, again.changed, again.unchanged) == (0, 0, 10)
    assert list(Resident.objects.order_by("pk").values()) == before


@pytest.mark.usefixtures("both_readers")
def test_a_newer_snapshot_updates_changed_people_and_reports_missing_ones():
    run_import(to_csv(base_rows()))
    rows = [row for row in base_rows() if row["宛名番号"] != "000401"]
    rows[0]["住所"] = "島根県雲南市木次町里方9番地"
    rows.append(
        {
            **rows[1],
            "宛名番号": "000104",
            "氏名": "山田　次郎",
            "氏名フリガナ": "ヤマダ　ジロウ",
            "続柄": "子",
        }
    )
    report = run_import(to_csv(rows))
    assert (report.added, report.changed, report.unchanged, report.missing) == (1, 1, 8, 1)
    assert report.missing_sample == ["000401"]
    assert Resident.objects.get(atena_no="000101").address == "島根県雲南市木次町里方9番地"
    assert Resident.objects.filter(atena_no="000401").exists(), "missing persons are reported, not deleted"


def test_a_case_keeps_pointing_at_the_same_person_after_a_changed_snapshot(counter_staff):
    run_import(to_csv(base_rows()))
    person = Resident.objects.get(atena_no="000102")
    ids = dict(Resident.objects.values_list("atena_no", "pk"))
    case = case_open(actor=counter_staff, events=["death"], seat="1番", event_date=None)
    case_person_add(case=case, role="deceased", resident=person, actor=counter_staff)
    rows = base_rows()
    for row in rows:
        row["住所"] = "島根県雲南市三刀屋町1番地"
    rows.append({**rows[1], "宛名番号": "000105", "世帯番号": "9101", "続柄": "世帯主"})
    report = run_import(to_csv(rows))
    assert (report.added, report.changed, report.unchanged) == (1, 10, 0)
    assert {atena: pk for atena, pk in Resident.objects.values_list("atena_no", "pk") if atena in ids} == ids
    linked = CasePerson.objects.get(case=case).resident
    assert linked.pk == person.pk and linked.address == "島根県雲南市三刀屋町1番地"
    assert Household.objects.filter(household_no="9101").exists()


def test_a_move_to_another_household_is_a_change():
    run_import(to_csv(base_rows()))
    rows = base_rows()
    moved = next(row for row in rows if row["宛名番号"] == "000103")
    moved.update({"世帯番号": "9102", "続柄": "世帯主"})
    report = run_import(to_csv(rows))
    assert (report.added, report.changed) == (0, 1)
    assert Resident.objects.get(atena_no="000103").household.household_no == "9102"


def test_a_dry_run_on_a_filled_register_counts_the_changes_and_writes_nothing():
    run_import(to_csv(base_rows()))
    before = list(Resident.objects.order_by("pk").values())
    rows = base_rows()
    rows[0]["住所"] = "島根県雲南市木次町里方9番地"
    report = run_import(to_csv(rows), dry_run=True)
    assert (report.added, report.changed, report.unchanged) == (0, 1, 9)
    assert list(Resident.objects.order_by("pk").values()) == before


def test_dry_run_reports_but_writes_nothing():
    report = run_import(to_csv(base_rows()), dry_run=True)
    assert report.ok and report.added == 10
    assert Resident.objects.count() == 0
    assert "試行のみ" in report.lines()[-1]


def test_my_number_column_is_ignored_and_never_reaches_the_database():
    numbers = [f"{123456789000 + i:012d}" for i in range(10)]
    rows = base_rows()
    for row, number in zip(rows, numbers, strict=True):
        row["個人番号"] = number
    report = run_import(to_csv(rows, columns=[*COLUMNS, "個人番号"]))
    assert report.ok
    assert any("個人番号" in warning for warning in report.warnings)
    # Scan every text column of every table of the raw database for any of the numbers.
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            for column in columns:
                cursor.execute(f'SELECT CAST("{column}" AS TEXT) FROM "{table}"')
                values = " ".join(str(v[0]) for v in cursor.fetchall())
                assert not any(number in values for number in numbers), (table, column)


def test_unknown_columns_are_reported_and_ignored():
    report = run_import(to_csv(base_rows(), columns=[*COLUMNS, "備考欄"]))
    assert report.ok
    assert "不明な列を無視しました: 備考欄" in report.warnings


def _with(change: dict[str, str], index: int = 0) -> bytes:
    rows = base_rows()
    rows[index].update(change)
    return to_csv(rows)


@pytest.mark.usefixtures("both_readers")
@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (_with({"生年月日": "令和7年2月30日"}, 2), "4行目「生年月日」: 令和7年2月30日は存在しない日付です"),
        (_with({"生年月日": "きのう"}, 2), "4行目「生年月日」: 「きのう」は日付として読めません"),
        (_with({"性別": "5"}, 1), "3行目「性別」: 不明なコードです"),
        (_with({"住民状態": "4"}), "2行目「住民状態」: 不明なコードです"),
        (_with({"続柄": "おじ"}), "2行目「続柄」: 不明な続柄です"),
        (_with({"氏名フリガナ": ""}), "2行目「氏名フリガナ」: 日本人住民はフリガナが必須です"),
        (_with({"宛名番号": "000102"}, 3), "5行目「宛名番号」: 宛名番号が3行目と重複しています"),
        (_with({"続柄": "世帯主"}, 1), "3行目「続柄」: 世帯番号9001の世帯に住民の世帯主が2人以上います"),
        (
            to_csv(base_rows(), columns=[c for c in COLUMNS if c != "住所"]),
            "1行目「住所」: 必須の列がありません",
        ),
        (to_csv([{**base_rows()[0], "世帯番号": ""}]), "2行目「世帯番号」: 必須の項目が空です"),
    ],
)
def test_each_error_names_line_and_column_and_nothing_is_written(data, expected):
    run_import(to_csv(base_rows()[:2]))
    before = list(Resident.objects.order_by("pk").values())
    report = run_import(data)
    assert not report.ok
    text = "\n".join(report.lines())
    assert expected in text
    assert "データベースは変更していません" in text
    assert list(Resident.objects.order_by("pk").values()) == before


@pytest.mark.usefixtures("both_readers")
def test_at_most_100_errors_are_listed_with_the_total():
    rows = [{**base_rows()[0], "宛名番号": f"{i:06d}", "生年月日": "2025-02-30"} for i in range(150)]
    report = run_import(to_csv(rows))
    assert report.error_count == 150
    assert len(report.errors) == 100
    assert "（ほか50件のエラーは省略）" in report.lines()


@pytest.mark.usefixtures("both_readers")
def test_bytes_that_are_not_cp932_are_an_error_not_a_crash():
    data = to_csv(base_rows(), encoding="cp932") + b"\x85\x40,\r\n"
    report = run_import(data, encoding="cp932")
    assert not report.ok
    assert "2行目: この行以降に、文字コードcp932として読めない文字があります" in "\n".join(report.lines())
    assert Resident.objects.count() == 0


def test_every_import_is_audited_with_counts_only():
    run_import(to_csv(base_rows()))
    run_import(_with({"性別": "5"}))
    entries = list(AuditEntry.objects.filter(action__startswith="resident.import").order_by("seq"))
    assert [e.action for e in entries] == ["resident.import", "resident.import_check"]
    assert entries[0].detail["added"] == 10
    assert entries[1].detail["errors"] == 1
    assert "山田" not in str(entries[0].detail)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("宛名番号".encode("utf-8-sig"), "utf-8-sig"),
        ("宛名番号".encode(), "utf-8-sig"),
        ("宛名番号".encode("cp932"), "cp932"),
        ("髙橋".encode("cp932"), "cp932"),
        ("宛名番号".encode()[:-1], "utf-8-sig"),
    ],
)
def test_encoding_detection(head, expected):
    assert detect_encoding(head) == expected


def test_every_optional_column_lands_in_its_own_field():
    full = {
        "住民種別": "1",
        "記載順位": "4",
        "郵便番号": "699-1311",
        "方書": "まどかハイツ101号室",
        "住民となった日": "20000101",
        "異動日": "20010202",
        "異動事由": "転居",
        "消除日": "",
        "旧氏": "佐藤",
        "通称": "",
        "通称フリガナ": "",
        "国籍": "",
        "在留資格": "",
        "在留期間満了日": "20300303",
        "本籍": "窓口県まどか市本町1番地",
        "筆頭者": "山田　太郎",
        "国保": "1",
        "後期高齢": "0",
        "介護保険": "1",
        "国民年金種別": "第1号",
        "印鑑登録": "1",
        "マイナンバーカード": "0",
        "支援措置": "0",
        "電話番号": "0854-00-0001",
    }
    row = {**base_rows()[0], **full}
    assert run_import(to_csv([row], columns=[*dict.fromkeys([*COLUMNS, *full])])).ok
    r = Resident.objects.get(atena_no=row["宛名番号"])
    stored = (
        r.household_order, r.postal_code, r.address_detail, str(r.became_resident_on), str(r.changed_on),
        r.change_reason, r.removed_on, r.former_surname, str(r.residence_expiry), r.honseki, r.hittosha,
        r.national_health_insurance, r.late_elderly_insurance, r.care_insurance, r.pension_kind,
        r.seal_registered, r.my_number_card, r.restricted, r.phone, r.alias_key,
    )  # fmt: skip
    assert stored == (
        4, "6991311", "まどかハイツ101号室", "2000-01-01", "2001-02-02", "転居", None, "佐藤", "2030-03-03",
        "窓口県まどか市本町1番地", "山田　太郎", True, False, True, "第1号", True, False, False,
        "0854-00-0001", None,
    )  # fmt: skip


def test_the_command_imports_and_exits_1_on_errors(tmp_path, capsys):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(to_csv(base_rows(), encoding="cp932"))
    bad.write_bytes(_with({"性別": "5"}))
    call_command("import_residents", str(good))
    assert "追加: 10人" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_residents", str(bad), "--dry-run")
    assert exit_info.value.code == 1
    assert "2行目「性別」: 不明なコードです" in capsys.readouterr().out


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite page cache")
def test_the_larger_page_cache_is_given_back_after_the_import():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        run_import(_with({"性別": "5"}))
        run_import(to_csv(base_rows()))
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == before


def _index_names() -> set[str]:
    with connection.cursor() as cursor:
        return {
            c["columns"][0] + ":" + name
            for name, c in connection.introspection.get_constraints(cursor, "registry_resident").items()
            if c["index"] or c["foreign_key"]
        }


@pytest.mark.parametrize("data", [to_csv(base_rows()), _with({"性別": "5"})], ids=["imported", "refused"])
def test_a_first_load_leaves_every_index_and_foreign_key_in_place(data):
    before = _index_names()
    assert len(before) >= 8
    assert any(name.startswith("household_id:") and "fk" in name for name in before) or (
        connection.vendor == "sqlite"
    )
    run_import(data)
    assert _index_names() == before


def test_a_helper_that_stops_half_way_is_an_error_and_nothing_is_written(monkeypatch):
    monkeypatch.setattr(csvreader, "HELPER_MIN_BYTES", 0)
    # A helper that reads nothing and exits at once, as if it had been killed.
    monkeypatch.setattr(csvreader, "_HELPER", ["-c", "import sys; sys.exit(1)"])
    report = run_import(to_csv(base_rows()))
    assert not report.ok
    assert "読み込み用の補助プロセスが途中で終了しました" in "\n".join(report.lines())
    assert Resident.objects.count() == 0


def test_a_large_file_is_read_by_a_helper_process_with_the_same_result(tmp_path, monkeypatch):
    rows = [{**base_rows()[0], "宛名番号": f"{i:06d}", "世帯番号": f"{i:06d}"} for i in range(5000)]
    data = to_csv(rows, encoding="cp932")
    assert len(data) < csvreader.HELPER_MIN_BYTES
    here = run_import(data)
    stored = _stored()
    Resident.objects.all().delete()
    started = []
    original = csvreader._events_from_helper
    monkeypatch.setattr(csvreader, "_events_from_helper", lambda *a: started.append(1) or original(*a))
    monkeypatch.setattr(csvreader, "HELPER_MIN_BYTES", len(data))
    helper = run_import(data)
    assert started, "the helper process was not used"
    assert (helper.rows, helper.added, helper.error_count) == (here.rows, here.added, 0) == (5000, 5000, 0)
    assert _stored() == stored


def _stored() -> list[tuple]:
    """Every stored value of every person but the internal ids, in 宛名番号 order."""
    internal = ("id", "household_id")
    fields = [field.attname for field in Resident._meta.concrete_fields if field.attname not in internal]
    return list(Resident.objects.order_by("atena_no").values_list(*fields))


def test_the_helper_process_started_wrongly_says_how_to_start_it():
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, *csvreader._HELPER, "cp932"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    assert "使い方: python -m madoguchi.registry.csvreader 文字コード {sqlite|postgresql}" in done.stderr
