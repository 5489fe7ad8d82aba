"""`madoguchi render-bundle EVENT --pack DIR --facts F.json --data D.json --out B.pdf [--report R.json]`."""

import json
from pathlib import Path

import pytest

from madoguchi.commands.render_bundle import run

PACK_DIR = Path(__file__).resolve().parents[2] / "packs" / "sample-city"
EXAMPLES = PACK_DIR / "examples"


def call(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = run(list(argv))
    return code, capsys.readouterr().out


def bundle_argv(tmp_path: Path, name: str = "death-yoshida") -> list[str]:
    return [
        "death", "--pack", str(PACK_DIR),
        "--facts", str(EXAMPLES / f"{name}.facts.json"), "--data", str(EXAMPLES / f"{name}.data.json"),
        "--out", str(tmp_path / "bundle.pdf"), "--on", "2026-11-26",
    ]  # fmt: skip


def test_writes_the_bundle_and_its_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report_path = tmp_path / "report.json"
    argv = [*bundle_argv(tmp_path), "--report", str(report_path), "--extra-form", "F_O01"]
    code, text = call(capsys, *argv)
    assert code == 0
    pdf = (tmp_path / "bundle.pdf").read_bytes()
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert pdf.startswith(b"%PDF-")
    assert report["bytes"] == len(pdf)
    assert report["case_number"] == "R8-OK-0042"
    assert report["forms"][0]["form_id"] == "F_O01"
    assert report["totals"]["forms"] >= 10
    assert f"{report['pages']}ページ（様式{report['totals']['forms']}種）" in text
    assert f"ご本人の記入・署名 {report['totals']['left_for_resident']}か所" in text


def test_late_elderly_death_gets_its_own_forms(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report_path = tmp_path / "report.json"
    code, _ = call(capsys, *bundle_argv(tmp_path, "death-suzuki"), "--report", str(report_path))
    assert code == 0
    forms = [f["form_id"] for f in json.loads(report_path.read_text(encoding="utf-8"))["forms"]]
    assert "F_H03" in forms and "F_H04" in forms
    assert "F_H01" not in forms and "F_H02" not in forms


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({0: "marriage_of_cats"}, "marriage_of_cats"),
        ({4: str(EXAMPLES)}, "UTF-8 で読めません"),
    ],
    ids=["知らないイベント", "事実がフォルダ"],
)
def test_problems_exit_1_with_a_japanese_message(tmp_path, capsys, change, words) -> None:
    argv = bundle_argv(tmp_path)
    for index, value in change.items():
        argv[index] = value
    code, text = call(capsys, *argv)
    assert code == 1
    assert words in text
    assert "Traceback" not in text
    assert not (tmp_path / "bundle.pdf").exists()


def test_help_is_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--help"]) == 0
    assert "書類一式" in capsys.readouterr().out
