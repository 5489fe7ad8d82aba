"""Importing the departments' numbers (国保記号番号 …): encodings, replacement by kind, all-or-nothing."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from madoguchi.audit.models import AuditEntry
from madoguchi.registry.facts import department_numbers
from madoguchi.registry.models import DepartmentNumber, Household, Resident
from madoguchi.registry.numbers import KINDS
from madoguchi.registry.services import department_numbers_import

pytestmark = pytest.mark.django_db

GOOD = (
    "宛名番号,番号の種類,番号\r\n"
    "100001,後期高齢者医療被保険者番号,３０００００１２\r\n"
    "100001,介護保険被保険者番号,9000000012\r\n"
    "100001,療育手帳番号,第00012号\r\n"
    "100001,身体障害者手帳番号,第00034号\r\n"
    "100002,国保記号番号,05-0000042\r\n"
    "\r\n"
    "999999,印鑑登録番号,000777\r\n"
)


def run(text: str, encoding: str = "cp932", **kwargs):
    return department_numbers_import(stream=io.BytesIO(text.encode(encoding)), **kwargs)


@pytest.fixture
def residents(db):
    household = Household.objects.create(household_no="H1")
    common = {"household": household, "birth_date": "1941-02-11", "sex": "1", "status": 1, "address": "市内"}
    for atena, name in (("100001", "鈴木　一郎"), ("100002", "鈴木　花子")):
        Resident.objects.create(atena_no=atena, name=name, name_key=name, relation="世帯主", **common)


@pytest.mark.parametrize("encoding", ["cp932", "utf-8-sig", "utf-8"])
def test_a_cp932_or_utf8_file_imports_and_forms_read_the_numbers(residents, encoding):
    report = run(GOOD, encoding)
    assert report.ok and report.committed, report.lines()
    assert report.encoding == ("cp932" if encoding == "cp932" else "utf-8-sig")
    assert report.rows == 6  # the empty line is skipped
    assert department_numbers("100001") == {
        "late_elderly_number": "30000012",  # full-width digits read as digits
        "kaigo_number": "9000000012",
        "handbook_intellectual": "第00012号",
        "handbook_physical": "第00034号",
        # The 返還届 prints one 手帳: the first kind held, circled.
        "handbook_number": "第00034号",
        "handbook_kind": "身体障害者手帳",
    }
    assert department_numbers("100002") == {"nhi_number": "05-0000042"}
    lines = report.lines()
    assert "後期高齢者医療被保険者番号: 1件（追加 1件・変更 0件・削除 0件）" in lines
    assert any("住民記録にない宛名番号: 1件" in line for line in lines)
    assert lines[-1] == "取り込みました。"


def test_each_kind_in_the_file_is_replaced_as_a_whole_and_other_kinds_stay(residents):
    run(GOOD)
    kept = DepartmentNumber.objects.get(kind="late_elderly_number").pk
    again = run(GOOD)  # the same file again: nothing to write
    assert "後期高齢者医療被保険者番号: 1件（追加 0件・変更 0件・削除 0件）" in again.lines()
    changed = run("宛名番号,番号の種類,番号\n100001,後期高齢者医療被保険者番号,30000099\n")
    assert "後期高齢者医療被保険者番号: 1件（追加 0件・変更 1件・削除 0件）" in changed.lines()
    assert DepartmentNumber.objects.get(kind="late_elderly_number").pk == kept  # updated in place
    report = run("宛名番号,番号の種類,番号\n100002,介護保険被保険者番号,9000000099\n")
    assert report.ok, report.lines()
    # 介護保険: only what the new file says (100001's number is gone); the other kinds are kept.
    assert list(DepartmentNumber.objects.filter(kind="kaigo_number").values_list("atena_no", "number")) == [
        ("100002", "9000000099")
    ]
    assert DepartmentNumber.objects.filter(kind="late_elderly_number", atena_no="100001").exists()
    assert "介護保険被保険者番号: 1件（追加 1件・変更 0件・削除 1件）" in report.lines()


def test_any_error_changes_nothing_and_each_is_reported_at_its_line_and_column(residents):
    run(GOOD)
    before = list(DepartmentNumber.objects.order_by("pk").values_list("atena_no", "kind", "number"))
    bad = (
        "宛名番号,番号の種類,番号\n"
        "100001,介護保険被保険者番号,9000000013\n"  # fine, but must not be written
        "ABC,国保記号番号,05-1\n"
        "100002,国保番号,05-1\n"
        "100002,後期高齢者医療被保険者番号,\n"
        "100002,印鑑登録番号," + "1" * 41 + "\n"
        "100001,介護保険被保険者番号,9000000014\n"
    )
    report = run(bad)
    assert not report.ok and not report.committed
    messages = [str(error) for error in report.errors]
    assert messages == [
        "3行目「宛名番号」: 宛名番号は20桁以内の数字で書いてください（値「ABC」）",
        "4行目「番号の種類」: 使えない番号の種類です（使える種類は報告の最後にあります）（値「国保番号」）",
        "5行目「番号」: 番号がありません",
        "6行目「番号」: 番号は40文字以内で、改行や制御文字を含めずに書いてください（値「" + "1" * 41 + "」）",
        "7行目「宛名番号」: 同じ宛名番号・番号の種類が2行目にもあります（値「100001」）",
    ]
    assert "エラーが5件あります。データベースは変更していません。" in report.lines()
    assert report.lines()[-1] == f"使える番号の種類: {'、'.join(KINDS)}"  # once, not on every line
    after = list(DepartmentNumber.objects.order_by("pk").values_list("atena_no", "kind", "number"))
    assert after == before


def test_a_missing_column_or_undecodable_bytes_are_reported_in_japanese(residents):
    report = run("宛名番号,番号\n100001,1\n")
    assert [str(e) for e in report.errors] == [
        "1行目「番号の種類」: 必須の列「番号の種類」がありません（必要な列: 宛名番号・番号の種類・番号）"
    ]
    broken = department_numbers_import(
        stream=io.BytesIO("宛名番号,番号の種類,番号\n100001,印鑑登録番号,1\n".encode() + b"\x82\xa0,x,y\n"),
        encoding="utf-8",
    )
    assert not broken.ok
    assert str(broken.errors[0]).startswith("3行目: 文字コード utf-8-sig として読めない文字があります")
    assert DepartmentNumber.objects.count() == 0


def test_a_dry_run_changes_nothing_and_every_import_is_audited_without_numbers(residents):
    report = run(GOOD, dry_run=True)
    assert report.ok and not report.committed
    assert report.lines()[-1] == "試行のみ（--dry-run）: データベースは変更していません。"
    assert DepartmentNumber.objects.count() == 0
    run(GOOD)
    entries = list(AuditEntry.objects.filter(action__startswith="resident.numbers").order_by("seq"))
    assert [e.action for e in entries] == ["resident.numbers_import_check", "resident.numbers_import"]
    detail = json.dumps(entries[-1].detail, ensure_ascii=False)
    assert '"介護保険被保険者番号": 1' in detail
    for secret in ("100001", "9000000012", "05-0000042", "30000012"):
        assert secret not in detail


def test_the_command_exits_1_on_errors_and_says_where(residents, tmp_path, capsys):
    good = tmp_path / "numbers.csv"
    good.write_bytes(GOOD.encode("cp932"))
    call_command("import_numbers", str(good))
    assert "取り込みました。" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_bytes("宛名番号,番号の種類,番号\n100001,国保,1\n".encode("cp932"))
    with pytest.raises(SystemExit) as exited:
        call_command("import_numbers", str(bad))
    assert exited.value.code == 1
    assert "2行目「番号の種類」" in capsys.readouterr().out


def test_clear_removes_the_named_kinds_only_audited_and_refuses_an_unknown_kind(residents, tmp_path, capsys):
    run(GOOD)
    call_command("import_numbers", "--clear", "介護保険被保険者番号")
    assert "介護保険被保険者番号の番号を1件消しました。" in capsys.readouterr().out
    assert not DepartmentNumber.objects.filter(kind="kaigo_number").exists()
    assert DepartmentNumber.objects.filter(kind="late_elderly_number").exists()
    entry = AuditEntry.objects.get(action="resident.numbers_clear")
    assert entry.detail == {"number_kinds": ["介護保険被保険者番号"], "deleted": 1}
    before = DepartmentNumber.objects.count()
    for args, message in (
        (["--clear", "国保"], "番号の種類「国保」はありません"),
        ([], "取り込むCSVファイルを指定してください"),
        ([str(tmp_path / "x.csv"), "--clear", "印鑑登録番号"], "同時に指定できません"),
    ):
        with pytest.raises(CommandError, match=message):
            call_command("import_numbers", *args)
    assert DepartmentNumber.objects.count() == before
