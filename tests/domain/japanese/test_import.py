"""The library is pure Python: importable without Django configured."""

import os
import subprocess
import sys


def test_importable_without_django():
    code = (
        "import sys, madoguchi.domain.japanese as j; "
        "assert 'django' not in sys.modules, 'django imported'; "
        "print(j.format_wareki(j.parse_date('R8.11.26')))"
    )
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "令和8年11月26日"
