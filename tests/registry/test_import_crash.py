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
    # While the import reads and stages the file, the register is not locked: the counter can write.
    assert_writable_at_once(db)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert first.startswith("2000行を処理しました")
    assert process.returncode == -signal.SIGKILL

    assert snapshot(db) == before
    # The stage was a temporary table: nothing of it is left in the database.
    with sqlite3.connect(db) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert not {name for name in tables if "import" in name}


def assert_writable_at_once(db: Path) -> None:
    """Take the database's write lock from another connection within 1 s, as a counter request would."""
    connection = sqlite3.connect(db, timeout=1, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
    finally:
        connection.close()


def test_the_counter_writes_while_a_large_import_stages_and_the_import_then_commits(tmp_path):
    db = tmp_path / "register.sqlite3"
    env = {**os.environ, "MADOGUCHI_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{db}"}
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    for path, count, seed in [(small, 300, 1), (large, 12000, 2)]:
        with path.open("w", encoding="utf-8", newline="") as out:
            write_demo_csv(out, count=count, seed=seed)
    setup = madoguchi(env, "shell", "-c", SETUP.format(small=small), stdout=subprocess.DEVNULL)
    assert setup.wait(timeout=60) == 0
    before = snapshot(db)

    process = madoguchi(
        env, "import_residents", str(large), "--progress", stderr=subprocess.PIPE, stdout=subprocess.PIPE
    )
    writes = 0
    for line in iter(process.stderr.readline, ""):
        if "行を処理しました" in line:
            assert_writable_at_once(db)
            writes += 1
    assert process.wait(timeout=60) == 0
    assert writes >= 5
    after = snapshot(db)
    # The second file numbers its people from the same start: it changes the 300 and adds the rest,
    # each of the 300 keeping its id (cases point at it).
    assert len(after) == 12000 and after[:300] != before
    assert [row[:2] for row in after[:300]] == [row[:2] for row in before]
