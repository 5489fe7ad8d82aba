"""`madoguchi navigate death --deceased ATENA_NO --death-date DATE`: facts from the register."""

from __future__ import annotations

import getpass
import io
import json

import pytest

from madoguchi.audit.models import AuditEntry
from madoguchi.commands.navigate import run
from madoguchi.registry.services import residents_import
from tests.registry.samples import base_rows, to_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def register() -> None:
    report = residents_import(stream=io.BytesIO(to_csv(base_rows())))
    assert report.committed


def _navigate(capsys, *args: str) -> tuple[int, str]:
    code = run(["death", *args])
    return code, capsys.readouterr().out


def test_register_facts_decide_the_death_procedures(register, capsys):
    # given 髙橋 一郎 (householder, died; his wife remains in the household)
    code, out = _navigate(
        capsys, "--deceased", "000201", "--death-date", "R7.3.1", "--on", "2025-03-05", "--json"
    )
    # then
    assert code == 0
    result = json.loads(out)
    by_id = {p["id"]: p for p in result["procedures"]}
    # his record is a 除票 by death: the 死亡届 was accepted, so it is done, not due
    assert by_id["death_report"]["status"] == "done"
    assert by_id["death_report"]["deadline"] is None
    # one member of 15+ remains, so the 世帯主変更届 is not needed (住基法: only with 2 or more)
    assert by_id["death_householder_change"]["status"] == "not_needed"
    assert any("15歳以上の世帯員数：1人" in reason for reason in by_id["death_householder_change"]["reasons"])
    # facts the register cannot give stay unknown and are asked
    assert "answers.funeral_held" in {q["fact"] for q in result["questions"]}
    entry = AuditEntry.objects.filter(action="resident.view").latest("seq")
    assert entry.client_address == f"cli:{getpass.getuser()}"
    assert entry.subject.startswith("resident:")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--deceased", "999999", "--death-date", "2025-03-01"],
            "宛名番号 999999 の住民は住民記録にありません",
        ),
        (["--deceased", "000201", "--death-date", "R7.2.30"], "令和7年2月30日は存在しない日付です"),
        (["--deceased", "000201"], "--death-date で死亡日を指定してください"),
    ],
)
def test_bad_register_arguments_get_japanese_messages(register, capsys, args, message):
    code, out = _navigate(capsys, *args)
    assert code == 1
    assert message in out


def test_deceased_only_for_the_death_event(register, capsys):
    assert run(["move_out", "--deceased", "000201", "--death-date", "2025-03-01"]) == 1
    assert "death（死亡）のときだけ" in capsys.readouterr().out


def test_a_restricted_household_is_not_navigated_from_the_command_line(register, capsys):
    from madoguchi.audit.models import AuditEntry
    from madoguchi.registry.models import Resident

    # given the wife of 髙橋 一郎 lives under 支援措置: his household's facts would describe her
    deceased = Resident.objects.get(atena_no="000201")
    Resident.objects.filter(household=deceased.household).exclude(pk=deceased.pk).update(restricted=True)
    code, out = _navigate(capsys, "--deceased", "000201", "--death-date", "R7.3.1", "--json")
    assert code == 1 and "住民記録にありません" in out and "髙橋" not in out
    assert AuditEntry.objects.filter(action="access.denied", subject=deceased.subject).exists()
