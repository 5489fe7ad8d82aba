"""`madoguchi navigate EVENT --pack DIR --facts FILE.json [--on] [--json]`."""

import json
from pathlib import Path

import pytest

from madoguchi.commands.navigate import run

PACK_DIR = Path(__file__).resolve().parents[2] / "packs" / "sample-city"
FACTS = {
    "deceased": {"age": 82, "death_date": "2026-11-20", "insurance": "後期高齢", "is_householder": True},
    "household": {"remaining_count": 2, "remaining_15plus_count": 2},
    "answers": {"funeral_held": True},
}


@pytest.fixture
def facts_file(tmp_path: Path) -> Path:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(FACTS, ensure_ascii=False), encoding="utf-8")
    return path


def call(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = run(list(argv))
    return code, capsys.readouterr().out


def test_json_output_has_the_documented_fields(facts_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = call(
        capsys, "death", "--pack", str(PACK_DIR), "--facts", str(facts_file), "--on", "2026-11-30", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["event"] == "death" and data["pack"]["id"] == "sample-city"
    assert len(data["procedures"]) == 77
    change = next(p for p in data["procedures"] if p["id"] == "death_householder_change")
    assert change["status"] == "required"
    assert change["deadline"]["date"] == "2026-12-04"
    assert change["deadline"]["days_left"] == 4
    assert change["forms"] == ["F_M01"]
    assert all(set(q) >= {"fact", "text", "decides"} for q in data["questions"])
    assert "answers.funeral_held" not in [q["fact"] for q in data["questions"]]


def test_text_output_groups_by_status_in_japanese(
    facts_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = call(
        capsys, "death", "--pack", str(PACK_DIR), "--facts", str(facts_file), "--on", "2026-11-30"
    )
    assert code == 0
    assert out.startswith("死亡（おくやみ） — サンプル市")
    assert "■ 必要な手続" in out and "■ 確認が必要な手続" in out and "■ 次に聞くこと" in out
    assert "世帯主変更届 — 法定期限 令和8年12月4日（あと4日・急ぎ）" in out
    assert "死亡届 — 法定期限 令和8年11月26日（4日超過）" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"deceased": ', "1行14列: JSON の書き方が正しくありません"),
        ("[1, 2]", "JSON オブジェクトで書いてください"),
        ('{"deceased": {"age": "八十二"}}', "事実「deceased.age」（故人の年齢）は int 型です"),
    ],
)
def test_bad_facts_give_japanese_errors_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    path = tmp_path / "facts.json"
    path.write_text(content, encoding="utf-8")
    code, out = call(capsys, "death", "--pack", str(PACK_DIR), "--facts", str(path), "--on", "2026-11-30")
    assert code == 1
    assert message in out
    assert "Traceback" not in out


def test_unknown_event_and_bad_date(facts_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = call(capsys, "retire", "--pack", str(PACK_DIR), "--facts", str(facts_file))
    assert (code, "イベント「retire」" in out) == (1, True)
    code, out = call(
        capsys, "death", "--pack", str(PACK_DIR), "--facts", str(facts_file), "--on", "2026-02-30"
    )
    assert (code, "正しい日付ではありません" in out) == (1, True)


def test_missing_facts_file_and_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = call(capsys, "death", "--pack", str(PACK_DIR), "--facts", str(tmp_path / "none.json"))
    assert code == 1 and "読めません" in out
    code, out = call(capsys, "death")
    assert code == 2 and "引数の誤り" in out
