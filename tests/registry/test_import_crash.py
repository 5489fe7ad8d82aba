"""Kill an import half-way through: the register must be exactly as it was before."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from madoguchi.registry.demo import write_demo_csv

pytestmark = pytest.mark.slow
# One process for migrate and the first import: each start of Django costs about a second.
SETUP = (
    "from django.core.management import call_command; call_command('migrate', verbosity=0); "
    "call_command('import_residents', '{small}')"
)


def madoguchi(env: dict[str, str], *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "madoguchi", *args], env=env, text=True, **kwargs)


def snapshot(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT * FROM registry_resident ORDER BY atena_no").fetchall()


def test_a_killed_import_leaves_the_previous_data_intact(tmp_path):
    db = tmp_path / "register.sqlite3"
    env = {**os.environ, "MADOGUCHI_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{db}"}
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    for path, count, seed in [(small, 300, 1), (large, 12000, 2)]:
        with path.open("w", encoding="utf-8", newline="") as out:
            write_demo_csv(out, count=count, seed=seed)
    setup = madoguchi(env, "shell", "-c", SETUP.format(small=small), stdout=subprocess.DEVNULL)
    assert setup.wait(timeout=60) == 0
    before = snapshot(db)
    assert len(before) == 300

    # The second file changes those 300 people in its first batch; kill once a batch has been written.
    process = madoguchi(env, "import_residents", str(large), "--progress", stderr=subprocess.PIPE)
    # Other log lines may come first (library start-up); wait for the first progress line.
    lines = iter(process.stderr.readline, "")
    first = next((line for line in lines if "行を処理しました" in line), "")
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert first.startswith("2000行を処理しました")
    assert process.returncode == -signal.SIGKILL

    assert snapshot(db) == before
