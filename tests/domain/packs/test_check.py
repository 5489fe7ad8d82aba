"""`check_pack`: the sample pack is sound, and a deliberately broken copy yields file:line problems."""

import shutil
from pathlib import Path

import pytest

from madoguchi.domain.packs import PackError, check_pack, load_pack

PACK_DIR = Path(__file__).resolve().parents[3] / "packs" / "sample-city"


def test_sample_pack_loads_with_all_seven_events() -> None:
    pack = load_pack(PACK_DIR)
    assert set(pack.events) == {"death", "move_in", "move_out", "move_within", "birth", "marriage", "divorce"}
    assert len(pack.events["death"].procedures) == 77
    assert len(pack.procedures) == 188
    assert pack.municipality_name == "サンプル市"
    assert next(iter(pack.departments)) == "shimin"


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    copy = tmp_path / "broken-city"
    shutil.copytree(PACK_DIR, copy, ignore=shutil.ignore_patterns("*.pdf", "examples"))
    return copy


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first occurrence of old and return the 1-based line where new starts."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    index = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:index].count("\n") + 1 + new[: new.find(new.lstrip("\n")[:1])].count("\n")


def line_of(path: Path, fragment: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if fragment in line)


# (file, text to replace, replacement, line marker in the new text, expected message fragment)
BREAKAGES = [
    (
        "events/death.yaml",
        "  - answers.has_forest\n",
        "  - answers.marriage_years\n",
        "  - answers.marriage_years",
        "まとめて聞く事実「answers.marriage_years」は質問文のある yes/no（bool）の事実ではありません",
    ),
    (
        "events/death.yaml",
        "department: shimin",
        "department: shimn",
        "department: shimn",
        "部署「shimn」は pack.yaml の departments にありません",
    ),
    (
        "events/death.yaml",
        "condition: deceased.is_householder and",
        "condition: deceased.is_householder and and",
        "and and",
        "書き方が正しくありません",
    ),
    (
        "events/death.yaml",
        "deceased.insurance == '国保'",
        "deceased.insurance == '国民健康保険'",
        "'国民健康保険'",
        "'国民健康保険' はこの事実の取りうる値",
    ),
    (
        "events/death.yaml",
        "deceased.age >= 65",
        "deceased.age >= '65'",
        "deceased.age >= '65'",
        "数値と文字列を比べています",
    ),
    (
        "events/death.yaml",
        "household.remaining_15plus_count >= 2",
        "household.remaining_adults >= 2",
        "remaining_adults",
        "事実「household.remaining_adults」は宣言されていません",
    ),
    (
        "events/death.yaml",
        "forms: [F_M03]",
        "forms: [F_M99]",
        "F_M99",
        "様式「F_M99」のレイアウト forms/F_M99.yaml がありません",
    ),
    ("events/death.yaml", "    kind: 届出\n", "    kind: 届け出\n", "kind: 届け出", "届出・申請・返却"),
    (
        "events/death.yaml",
        "    confidence: high\n",
        "    confidense: high\n",
        "confidense",
        "未知の項目「confidense」",
    ),
    (
        "events/death.yaml",
        "from: [deceased.death_known_date, deceased.death_date]",
        "from: deceased.is_householder",
        "from: deceased.is_householder",
        "期限の起算日「deceased.is_householder」は日付の事実ではありません",
    ),
    (
        "events/death.yaml",
        "id: death_inkan_cancel",
        "id: death_report",
        "id: death_report\n    name: 印鑑",
        "手続 ID「death_report」が重複しています",
    ),
    (
        "facts.yaml",
        "    question: 葬儀（火葬のみを含む）は済みましたか\n",
        "",
        "answers.funeral_held:",
        "聞き取りの事実「answers.funeral_held」に質問文（question）がありません",
    ),
    (
        "events/death.yaml",
        "      days: 14\n      first_day: excluded\n      extension: municipal\n      basis: 民法140条",
        "      days: 14\n      extension: municipal\n      basis: 民法140条",
        "deadline:\n      text: 変更があった日（死亡日）から14日以内",
        "期限に初日の数え方（first_day）がありません",
    ),
    (
        "events/death.yaml",
        "      days: 14\n      first_day: excluded\n      extension: municipal\n      basis: 民法140条",
        "      days: 14\n      first_day: excluded\n      basis: 民法140条",
        "deadline:\n      text: 変更があった日（死亡日）から14日以内",
        "期限に休日の延長（extension）がありません",
    ),
    (
        "events/death.yaml",
        "      years: 2\n      first_day: excluded\n      extension: none\n",
        "      years: 2\n      first_day: excluded\n      extension: municipal\n",
        "extension: municipal\n      basis: 民法140条（初日不算入）。延長なし",
        "時効で消える請求（kind: claim）の期限は休日で延長しません",
    ),
    (
        "events/death.yaml",
        "      extension: municipal\n",
        "      extension: administrative\n",
        "extension: administrative",
        "extension「administrative」は使えなくなりました。市区町村の窓口なら municipal",
    ),
    (
        "events/death.yaml",
        "          months: 3\n          first_day: included\n          extension: municipal\n"
        "          basis: 戸籍法86条1項",
        "          months: 3\n          extension: municipal\n          basis: 戸籍法86条1項",
        "- when: deceased.died_abroad",
        "期限に初日の数え方（first_day）がありません",
    ),
    (
        "events/birth.yaml",
        "          months: 3\n          first_day: included\n          extension: municipal\n",
        "          months: 3\n          first_day: included\n",
        "- when: child.born_abroad",
        "期限に休日の延長（extension）がありません",
    ),
    (
        "pack.yaml",
        "valid_from: '2026-12-01'",
        "valid_from: '2026-02-30'",
        "valid_from",
        "2026-02-30 は存在しない日付です",
    ),
    (
        "events/death.yaml",
        "    place: nenkin",
        "    place: nenkn",
        "place: nenkn",
        "庁外の機関「nenkn」は offices.yaml の offices にありません",
    ),
    (
        "events/death.yaml",
        "    office: 故人の住所地の市区町村\n",
        "    office: 故人の住所地の市区町村\n    place: nenkin\n",
        "place: nenkin",
        "place は市役所の外の手続（outside_city_hall: true）にだけ書けます",
    ),
    (
        "offices.yaml",
        "phone: 0000-23-4501",
        "phone: 23-4501",
        "phone: 23-4501",
        "電話番号「23-4501」は 0852-00-1234 のようにハイフンで区切って書いてください",
    ),
    (
        "offices.yaml",
        "  kaigo: {floor",
        "  kaigoo: {floor",
        "kaigoo:",
        "部署「kaigoo」は pack.yaml の departments にありません",
    ),
    (
        "offices.yaml",
        "  kaigo: {floor",
        "  kaigoo: {floor",
        "departments:",
        "部署「介護保険課」（kaigo）は市役所の手続を受け持ちますが、departments に階・窓口がありません",
    ),
    (
        "offices.yaml",
        "  address: 〒999-0031 サンプル市城山町1丁目9番\n",
        "",
        "- id: kasai",
        "必須の項目「address」がありません",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "marker", "message"), BREAKAGES)
def test_broken_copy_reports_file_line_and_japanese_message(
    broken: Path, file: str, old: str, new: str, marker: str, message: str
) -> None:
    edit(broken / file, old, new)
    if "\n" in marker:
        first = marker.split("\n")[0]
        text = (broken / file).read_text(encoding="utf-8").splitlines()
        line = next(
            n for n, row in enumerate(text, 1) if first in row and marker.split("\n")[1].strip() in text[n]
        )
    else:
        line = line_of(broken / file, marker)
    problems = check_pack(broken)
    matching = [p for p in problems if message in p.message]
    assert matching, [str(p) for p in problems]
    assert matching[0].file == str(broken / file)
    assert matching[0].line == line, str(matching[0])


def test_yaml_syntax_error_has_its_line(broken: Path) -> None:
    edit(broken / "events/birth.yaml", "  - id: birth_report", "  - id: [birth_report")
    problems = check_pack(broken)
    assert any(
        p.file.endswith("birth.yaml") and "YAML の書式エラー" in p.message and p.line for p in problems
    )


def test_duplicate_yaml_key_is_reported(broken: Path) -> None:
    edit(broken / "pack.yaml", "urgent_days: 7", "urgent_days: 7\nurgent_days: 3")
    problems = check_pack(broken)
    assert [(p.line, p.message) for p in problems] == [
        (line_of(broken / "pack.yaml", "urgent_days: 3"), "項目「urgent_days」が重複しています")
    ]


def test_load_pack_raises_with_every_problem(broken: Path) -> None:
    edit(broken / "events/death.yaml", "department: shimin", "department: nowhere")
    with pytest.raises(PackError) as caught:
        load_pack(broken)
    assert len(caught.value.problems) >= 1
    assert "件の問題" in str(caught.value)


def test_missing_pack_yaml(tmp_path: Path) -> None:
    problems = check_pack(tmp_path)
    assert len(problems) == 1 and "pack.yaml がありません" in problems[0].message


def test_problem_prints_as_file_colon_line() -> None:
    from madoguchi.domain.packs import Problem

    assert str(Problem("events/death.yaml", 12, "メッセージ")) == "events/death.yaml:12: メッセージ"
