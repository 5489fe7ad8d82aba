"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("MADOGUCHI_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("MADOGUCHI_TEST_ARTIFACTS", "test-artifacts"))
# Flags that keep Chromium from reaching anything but the live server on loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-features=Translate,OptimizationHints,MediaRouter",
]


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_beside_playwright() -> Iterator[None]:
    """Playwright's sync API runs an event loop in this thread; our ORM calls there are still synchronous."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session", autouse=True)
def _axe_summary() -> Iterator[None]:
    """Start test-artifacts/axe/ empty; at the end write summary.json: every page checked, by impact.

    The folder is the CI artefact of the accessibility check (tests/e2e/axe.py writes one file a page).
    """
    folder = ARTIFACTS / "axe"
    for old in folder.glob("*.json"):
        old.unlink()
    yield
    pages = {}
    for path in sorted(folder.glob("*.json")):
        if path.name == "summary.json":
            continue
        result = json.loads(path.read_text(encoding="utf-8"))
        impacts = Counter(v.get("impact") or "unknown" for v in result["violations"])
        pages[path.stem] = {"url": result["url"], "violations": dict(impacts), "passes": result["passes"]}
    if pages:
        failing = sorted(
            name for name, page in pages.items() if set(page["violations"]) & {"serious", "critical"}
        )
        summary = {"pages": len(pages), "serious_or_critical": failing, "by_page": pages}
        (folder / "summary.json").write_text(
            json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8"
        )


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the whole session."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} がありません。make test が apt で chromium を入れます。")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server, request) -> Iterator[object]:
    """Return a factory of pages, each in its own context (own cookies), locked to the live server."""
    contexts = []

    def _new_page():
        context = browser.new_context(
            locale="ja-JP", viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        # Anything not addressed to the live server is aborted: tests never reach the network.
        context.route(re.compile(r"^(?!" + re.escape(live_server.url) + ")"), lambda route: route.abort())
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot(request):
    """Save a full-page screenshot under test-artifacts/ named after the test."""

    def _shot(page, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{request.node.name}-{name}")
        path = ARTIFACTS / f"{safe}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot


def login(page, live_server, username: str, password: str) -> None:
    """Log in through the real login page."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("職員ID").fill(username)
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="ログイン").click()
