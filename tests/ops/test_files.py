"""The data directory and what is in it are the service account's alone (0700 / 0600)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from tests.ops.test_commands import MADOGUCHI

# Opened while the connection is still open: SQLite removes -wal/-shm at the last close.
_LIST_MODES_WHILE_CONNECTED = """
import os
from django.conf import settings
from madoguchi.accounts.models import Department
Department.objects.create(code="x", name="x")
for path in sorted(settings.VAR_DIR.iterdir()):
    print(path.name, oct(os.stat(path).st_mode & 0o777))
"""


def _env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return {**env, "MADOGUCHI_VAR_DIR": str(var_dir), "DATABASE_URL": ""}


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_fresh_data_directory_after_migrate_is_private(tmp_path):
    var = tmp_path / "var"
    before = os.umask(0o022)  # a typical login shell's umask: the command itself must tighten it
    try:
        subprocess.run([*MADOGUCHI, "migrate", "-v", "0"], env=_env(var), check=True)
    finally:
        os.umask(before)
    listing = subprocess.run(
        [*MADOGUCHI, "shell", "-v", "0", "-c", _LIST_MODES_WHILE_CONNECTED],
        env=_env(var),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    modes = dict(line.split() for line in listing.splitlines())
    assert _mode(var) == 0o700
    assert {"madoguchi.sqlite3", "madoguchi.sqlite3-wal", "madoguchi.sqlite3-shm", "secret_key"} <= set(modes)
    assert set(modes.values()) == {"0o600"}, modes


def test_an_existing_readable_directory_is_tightened_on_start(tmp_path):
    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    os.chmod(var, 0o755)
    database = var / "madoguchi.sqlite3"
    database.write_bytes(b"")
    database.chmod(0o644)
    (var / "imports").mkdir(mode=0o755)
    subprocess.run([*MADOGUCHI, "check"], env=_env(var), check=True, capture_output=True)
    assert _mode(var) == 0o700
    assert _mode(database) == 0o600
    assert _mode(var / "imports") == 0o700


def test_the_wsgi_entry_point_sets_a_private_umask(tmp_path):
    code = "import os, madoguchi.config.wsgi; print(oct(os.umask(0)))"
    result = subprocess.run(
        [sys.executable, "-c", code], env=_env(tmp_path / "var"), capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "0o77"
