"""The `madoguchi` command as an operator runs it: help, demo, serve, deployment check."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

from madoguchi.accounts.models import Staff
from madoguchi.cli import main
from madoguchi.counter.packs import current_pack
from madoguchi.counter.services import department_for
from madoguchi.registry.models import DepartmentNumber

MADOGUCHI = [sys.executable, "-m", "madoguchi"]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        {"MADOGUCHI_VAR_DIR": str(tmp_path / "var"), "DATABASE_URL": f"sqlite:///{tmp_path / 'm.sqlite3'}"}
    )
    env.update(extra)
    return env


def test_help_lists_the_main_commands(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("serve", "migrate", "createstaff", "audit verify", "audit anchor"):
        assert command in out


@pytest.mark.django_db
def test_demo_creates_one_account_per_role_and_prints_logins(capsys):
    call_command("demo", "--no-migrate")
    out = capsys.readouterr().out
    for username, role in [
        ("madoguchi", "窓口職員"),
        ("hoken", "担当課職員"),
        ("kanri", "管理者"),
        ("kansa", "監査担当"),
        ("suishin", "DX推進"),
    ]:
        staff = Staff.objects.get(username=username)
        assert [g.name for g in staff.groups.all()] == [role]
        assert username in out
        assert role in out
    shien = Staff.objects.get(username="shien")  # the one account entitled to 支援措置 records
    assert shien.has_perm("registry.view_restricted_resident")
    assert not Staff.objects.get(username="madoguchi").has_perm("registry.view_restricted_resident")
    # every department of the pack that gets tasks has a 担当課職員 whose login is printed
    pack = current_pack()
    with_tasks = {p.department for p in pack.procedures.values() if not p.outside_city_hall}
    assert "gaibu" not in with_tasks and "ka-gaibu" not in out
    for spec in (d for d in pack.departments.values() if d.id in with_tasks):
        workers = department_for(pack, spec.id).staff.filter(groups__name="担当課職員")
        assert workers.exists(), spec.name
        assert any(worker.username in out for worker in workers)
    accounts = Staff.objects.count()
    # The departments' numbers of the demo register are imported too (印字される国保記号番号など).
    assert "架空の業務システムの番号" in out
    numbers = DepartmentNumber.objects.count()
    assert numbers > 0
    call_command("demo", "--no-migrate")  # idempotent
    assert Staff.objects.count() == accounts
    assert DepartmentNumber.objects.count() == numbers


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = _env(
        tmp_path,
        MADOGUCHI_SECRET_KEY=secrets.token_urlsafe(50),
        MADOGUCHI_HTTPS="true",
        MADOGUCHI_ALLOWED_HOSTS="madoguchi.city.example.lg.jp",
    )
    result = subprocess.run(
        [*MADOGUCHI, "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_bad_setting_value_fails_with_a_japanese_message(tmp_path):
    env = _env(tmp_path, MADOGUCHI_HTTPS="maybe")
    result = subprocess.run([*MADOGUCHI, "check"], env=env, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "MADOGUCHI_HTTPS" in result.stderr
    assert "真偽値ではありません" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_serve_answers_with_gunicorn(tmp_path):
    env = _env(tmp_path)
    subprocess.run([*MADOGUCHI, "migrate", "-v", "0"], env=env, check=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [*MADOGUCHI, "serve", "--port", str(port), "--workers", "1"],
        env={**env, "MADOGUCHI_STATIC_ROOT": str(tmp_path / "static")},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body, css = _get_when_up(f"http://127.0.0.1:{port}/accounts/login/"), None
        css = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/madoguchi/css/app.css", timeout=5)
        assert "職員ログイン" in body
        assert css.status == 200
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0].decode()
    assert "gunicorn" in output.lower() or "Listening at" in output


def _get_when_up(url: str) -> str:
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_bad_port_gets_a_japanese_message(tmp_path):
    result = subprocess.run(
        [*MADOGUCHI, "serve", "--port", "70000"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "1〜65535" in result.stderr


@pytest.mark.parametrize("command", ["import-residents", "import-numbers", "demo-residents"])
def test_hyphenated_command_names_work(tmp_path, command):
    result = subprocess.run(
        [*MADOGUCHI, command, "--help"], env=_env(tmp_path), capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout


@pytest.mark.parametrize(
    ("args", "pointer"),
    [
        (["createsuperuser", "--username", "root"], "createstaff"),
        (["changepassword", "somebody"], "setpassword"),
    ],
)
def test_unaudited_account_commands_are_refused_in_japanese(tmp_path, args, pointer):
    env = _env(tmp_path)
    subprocess.run([*MADOGUCHI, "migrate", "-v", "0"], env=env, check=True)
    result = subprocess.run(
        [*MADOGUCHI, *args], env=env, capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL
    )
    assert result.returncode != 0
    assert f"{args[0]} は使えません" in result.stderr and f"madoguchi {pointer}" in result.stderr
    assert "Traceback" not in result.stderr
