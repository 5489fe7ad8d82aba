"""`madoguchi render FORM_ID --pack DIR --data FILE.json --out FILE.pdf [--on]`."""

import json
import shutil
from pathlib import Path

import pytest

from madoguchi.commands.render import run

PACK_DIR = Path(__file__).resolve().parents[2] / "packs" / "sample-city"
DATA = PACK_DIR / "examples" / "death-yoshida.data.json"


def call(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = run(list(argv))
    return code, capsys.readouterr().out


def test_renders_one_form_to_a_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "h02.pdf"
    code, text = call(
        capsys, "F_H02", "--pack", str(PACK_DIR), "--data", str(DATA), "--out", str(out), "--on", "2026-11-26"
    )
    assert code == 0
    assert out.read_bytes().startswith(b"%PDF-")
    assert "国民健康保険 葬祭費支給申請書" in text
    assert "書き出しました" in text


def test_overflow_is_announced_before_writing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    data["deceased"]["address"] = "中央町" + "東西南北" * 40
    data_file = tmp_path / "data.json"
    data_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, text = call(
        capsys, "F_M03", "--pack", str(PACK_DIR), "--data", str(data_file), "--out", str(tmp_path / "o.pdf")
    )
    assert code == 0
    assert text.index("注意:") < text.index("書き出しました")
    assert "別紙" in text
    assert "2ページ" in text


FAILURES = [
    # (what is wrong, arguments after FORM_ID, words in the Japanese message)
    ("様式がない", ["F_ZZ9"], "様式「F_ZZ9」のレイアウトがありません"),
    ("データが JSON でない", ["F_H02", "--data", "BROKEN"], "JSON の書き方が正しくありません"),
    ("データのファイルがない", ["F_H02", "--data", "MISSING"], "UTF-8 で読めません"),
    ("日付の誤り", ["F_H02", "--on", "2026-02-30"], "--on 2026-02-30"),
    ("書き出し先がない", ["F_H02", "--out", "/nonexistent/dir/x.pdf"], "書き出せません"),
]


@pytest.mark.parametrize(("case", "argv", "words"), FAILURES, ids=[f[0] for f in FAILURES])
def test_problems_exit_1_with_a_japanese_message(tmp_path, capsys, case, argv, words) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json", encoding="utf-8")
    defaults = {"--pack": str(PACK_DIR), "--data": str(DATA), "--out": str(tmp_path / "x.pdf")}
    replacements = {"BROKEN": str(broken), "MISSING": str(tmp_path / "missing.json")}
    argv = [replacements.get(a, a) for a in argv]
    for key, value in defaults.items():
        if key not in argv:
            argv += [key, value]
    code, text = call(capsys, *argv)
    assert code == 1
    assert words in text
    assert "Traceback" not in text


def test_layout_problems_are_listed_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(PACK_DIR / "forms", pack / "forms")
    layout = pack / "forms" / "F_H02.yaml"
    layout.write_text(
        layout.read_text(encoding="utf-8").replace("kind: circle", "kind: ellipse", 1), encoding="utf-8"
    )
    code, text = call(
        capsys, "F_H02", "--pack", str(pack), "--data", str(DATA), "--out", str(tmp_path / "x.pdf")
    )
    assert code == 1
    assert "F_H02.yaml:" in text
    assert "kind「ellipse」" in text


@pytest.mark.parametrize(("argv", "code"), [(["--help"], 0), ([], 2), (["F_H02", "--pack"], 2)])
def test_help_and_usage(capsys: pytest.CaptureFixture[str], argv: list[str], code: int) -> None:
    assert run(argv) == code
    out = capsys.readouterr().out
    assert "madoguchi render" in out


def test_png_previews_are_written_one_per_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, previews = tmp_path / "h02.pdf", tmp_path / "png"
    argv = ["F_H02", "--pack", str(PACK_DIR), "--data", str(DATA), "--out", str(out), "--png", str(previews)]
    code, _ = call(capsys, *argv, "--dpi", "36")
    assert code == 0
    [image] = sorted(previews.iterdir())
    assert image.name == "page-001.png"
    assert image.read_bytes().startswith(b"\x89PNG")


def test_bad_preview_resolution_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["F_H02", "--pack", str(PACK_DIR), "--data", str(DATA), "--out", str(tmp_path / "x.pdf")]
    code, text = call(capsys, *argv, "--png", str(tmp_path / "png"), "--dpi", "1000")
    assert code == 2
    assert "10〜300" in text
    assert not (tmp_path / "x.pdf").exists()
