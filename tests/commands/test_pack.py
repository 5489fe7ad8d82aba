"""`madoguchi pack check|test` on the sample pack and on broken copies."""

import shutil
from pathlib import Path

import pytest

from madoguchi.commands.pack import run

PACK_DIR = Path(__file__).resolve().parents[2] / "packs" / "sample-city"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "city"
    shutil.copytree(PACK_DIR, target, ignore=shutil.ignore_patterns("examples"))
    return target


def test_check_passes_on_the_sample_pack(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", str(PACK_DIR)]) == 0
    assert "問題はありません" in capsys.readouterr().out


def test_scenarios_pass_on_the_sample_pack(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["test", str(PACK_DIR)]) == 0
    out = capsys.readouterr().out
    assert "失敗" not in out.replace("0 件失敗", "")
    total = int(out.split("シナリオ ")[-1].split(" 件中")[0])
    assert total >= 40
    assert out.count("[成功] death:") >= 15


def test_check_prints_file_line_messages_and_exits_1(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    death = copy / "events" / "death.yaml"
    death.write_text(death.read_text(encoding="utf-8").replace("department: shimin", "department: shimn", 1))
    line = next(
        n for n, text in enumerate(death.read_text(encoding="utf-8").splitlines(), 1) if "shimn" in text
    )
    assert run(["check", str(copy)]) == 1
    out = capsys.readouterr().out
    assert f"{death}:{line}: 部署「shimn」は pack.yaml の departments にありません" in out
    assert "1 件の問題があります。" in out


def test_check_reports_form_layout_problems_with_file_and_line(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    layout = copy / "forms" / "F_H02.yaml"
    text = layout.read_text(encoding="utf-8").replace("kind: text", "kind: txt", 1)
    layout.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "kind: txt" in row)
    assert run(["check", str(copy)]) == 1
    out = capsys.readouterr().out
    assert f"{layout}:{line}:" in out
    assert "txt" in out


def test_failing_scenario_shows_the_difference(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenarios = copy / "scenarios" / "death.yaml"
    text = scenarios.read_text(encoding="utf-8")
    scenarios.write_text(text.replace("death_report: '2026-11-26'", "death_report: '2026-11-27'", 1))
    assert run(["test", str(copy)]) == 1
    out = capsys.readouterr().out
    assert "[失敗] death: 国保の世帯主が死亡し、妻と成人の子が残る" in out
    assert "death_report: 期限の期待は 2026-11-27、結果は 2026-11-26" in out
    assert "1 件失敗" in out


def test_wrong_status_expectation_explains_with_reasons(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenarios = copy / "scenarios" / "family.yaml"
    text = scenarios.read_text(encoding="utf-8")
    scenarios.write_text(
        text.replace("not_needed: [birth_child_allowance]", "to_confirm: [birth_child_allowance]", 1)
    )
    assert run(["test", str(copy)]) == 1
    out = capsys.readouterr().out
    assert "birth_child_allowance（" in out
    assert "期待は「要確認」、結果は「不要」（理由: 児童手当の受給者が公務員：はい）" in out


def test_test_refuses_a_broken_pack(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (copy / "facts.yaml").write_text("facts: [\n", encoding="utf-8")
    assert run(["test", str(copy)]) == 1
    assert "シナリオを実行できません" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [[], ["lint", "x"], ["check"]])
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(argv) == 2
    assert "引数の誤り" in capsys.readouterr().out


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--help"]) == 0
    assert "手続パック" in capsys.readouterr().out


BIRTH_FORMS = "forms: [{form: F_H01, person: child, settings: {change: 取得, reason: 出生}}]"


@pytest.mark.parametrize(
    ("replacement", "message"),
    [
        # A death's form printed for a birth would show the deceased's blanks.
        (
            "forms: [F_H02]",
            "手続「birth_nhi_enroll」の様式「F_H02」: このイベントにいない「deceased」の値を読みます",
        ),
        (
            BIRTH_FORMS.replace("取得", "加入"),
            "settings の change「加入」はこの様式にない選択肢です（取得・喪失・変更）",
        ),
        (BIRTH_FORMS.replace(", reason: 出生", ""), "settings の「reason」がありません"),
        (
            BIRTH_FORMS.replace("reason: 出生", "reason: 出生, colour: 赤"),
            "settings の「colour」はこの様式にありません",
        ),
        (
            BIRTH_FORMS.replace("person: child", "person: deceased"),
            "person「deceased」はこのイベントの subjects",
        ),
    ],
)
def test_check_refuses_a_form_that_cannot_serve_the_procedure(
    copy: Path, capsys: pytest.CaptureFixture[str], replacement: str, message: str
) -> None:
    birth = copy / "events" / "birth.yaml"
    text = birth.read_text(encoding="utf-8")
    assert BIRTH_FORMS in text
    birth.write_text(text.replace(BIRTH_FORMS, replacement), encoding="utf-8")
    line = next(
        n for n, row in enumerate(birth.read_text(encoding="utf-8").splitlines(), 1) if replacement in row
    )
    assert run(["check", str(copy)]) == 1
    out = capsys.readouterr().out
    assert f"{birth}:{line}" in out and message in out, out


def test_check_refuses_a_layout_reading_an_undeclared_setting(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    layout = copy / "forms" / "F_H01.yaml"
    text = layout.read_text(encoding="utf-8").replace("value: settings.change", "value: settings.kind", 1)
    layout.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "value: settings.kind" in row)
    assert run(["check", str(copy)]) == 1
    out = capsys.readouterr().out
    assert f"{layout}:{line}: 項目「change_kind」: settings.kind は「settings:」で宣言されていません" in out
