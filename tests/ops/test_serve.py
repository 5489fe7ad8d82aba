"""`madoguchi serve`: the worker settings it gives gunicorn, and what each worker does before serving."""

from __future__ import annotations

import gc
import json
from typing import Any

import pytest
from django.core.management import call_command

from madoguchi.counter import packs
from madoguchi.ops.management.commands import serve


@pytest.fixture
def gunicorn_options(monkeypatch, settings, tmp_path, transactional_db) -> list[dict[str, Any]]:
    # serve anchors the audit chain before starting, and closes its connection before the workers fork.
    settings.AUDIT_KEY_FILE = tmp_path / "keys" / "audit_key"
    settings.AUDIT_ANCHOR_FILE = tmp_path / "anchors.jsonl"
    seen: list[dict[str, Any]] = []

    class FakeGunicorn:
        def __init__(self, options: dict[str, Any]) -> None:
            seen.append(options)

        def run(self) -> None:
            pass

    monkeypatch.setattr(serve, "_Gunicorn", FakeGunicorn)
    return seen


def test_by_default_each_worker_takes_one_request_at_a_time(gunicorn_options):
    call_command("serve", "--no-collectstatic", "--port", "8123")
    (options,) = gunicorn_options
    assert options["worker_class"] == "sync"
    assert options["threads"] == 1
    assert options["workers"] == serve.DEFAULT_WORKERS >= 3
    assert options["post_worker_init"] is serve.worker_ready


def test_each_start_appends_an_audit_anchor(gunicorn_options, settings, capsys):
    call_command("serve", "--no-collectstatic")
    call_command("serve", "--no-collectstatic")
    lines = settings.AUDIT_ANCHOR_FILE.read_text().splitlines()
    assert len(lines) == 2
    assert all(json.loads(line)["mac"] for line in lines)
    assert "アンカー（連番 0）を" in capsys.readouterr().out


def test_threads_give_threaded_workers(gunicorn_options):
    call_command("serve", "--no-collectstatic", "--threads", "4", "--workers", "2")
    (options,) = gunicorn_options
    assert (options["worker_class"], options["threads"], options["workers"]) == ("gthread", 4, 2)


REAL_HOUSEKEEPING_LOOP = serve._housekeeping_loop


@pytest.fixture(autouse=True)
def no_housekeeping_thread(monkeypatch):
    """worker_ready starts the minute loop; in tests it would outlive the test and touch later tests' data."""
    monkeypatch.setattr(serve, "_housekeeping_loop", lambda: None)


def test_a_worker_loads_the_pack_before_serving_and_freezes_it(monkeypatch):
    monkeypatch.setattr(packs, "_CACHE", {})
    try:
        serve.worker_ready(None)
        assert set(packs._CACHE) == {"pack", "layouts"}
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_a_broken_pack_does_not_stop_the_worker(monkeypatch, settings, tmp_path, caplog):
    monkeypatch.setattr(packs, "_CACHE", {})
    settings.MADOGUCHI_PACK_DIR = str(tmp_path / "missing")
    try:
        serve.worker_ready(None)
    finally:
        gc.unfreeze()
    assert "手続パックを事前に読み込めませんでした" in caplog.text


def test_the_housekeeping_loop_survives_a_failed_round(monkeypatch, caplog):
    import madoguchi.insights.services as insights_services
    import madoguchi.registry.uploads as uploads

    class Stop(Exception):
        pass

    rounds = []

    def fail() -> None:
        raise RuntimeError("boom")

    def sleep(seconds: float) -> None:
        rounds.append(seconds)
        if len(rounds) == 2:
            raise Stop

    monkeypatch.setattr(uploads, "pending_uploads_sweep", fail)
    monkeypatch.setattr(insights_services, "figures_refresh", fail)
    monkeypatch.setattr(serve.time, "sleep", sleep)
    with pytest.raises(Stop):
        REAL_HOUSEKEEPING_LOOP()
    assert rounds == [serve.HOUSEKEEPING_EVERY_SECONDS] * 2
    assert caplog.text.count("効果測定の集計値を作れませんでした") == 2
