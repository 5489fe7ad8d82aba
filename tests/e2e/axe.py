"""axe-core in the browser tests: every staff page is checked, the results kept under test-artifacts/axe/.

axe-core comes from npm (tests/e2e/package.json, installed by `make test`); a serious or critical
violation fails the test that found it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.e2e.conftest import ARTIFACTS

AXE_SCRIPT = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")
# WCAG 2.1 A and AA, the level Japanese public bodies target (JIS X 8341-3:2016 AA).
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def axe_check(page, name: str) -> list[dict]:
    """Run axe-core on the page, save the results as JSON and return the serious/critical violations."""
    if not AXE_SCRIPT.exists():
        raise AssertionError(
            f"{AXE_SCRIPT} がありません。make test（または npm ci --prefix tests/e2e）で入れてください。"
        )
    # Evaluated through the DevTools protocol, not as a <script> of the page: the CSP stays as it is.
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8") + "\n;undefined")
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    folder = ARTIFACTS / "axe"
    folder.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
    summary = {
        "url": results.get("url"),
        "violations": results.get("violations", []),
        "passes": len(results.get("passes", [])),
        "incomplete": [v["id"] for v in results.get("incomplete", [])],
    }
    (folder / f"{safe}.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return [v for v in results.get("violations", []) if v.get("impact") in FAILING_IMPACTS]


def assert_accessible(page, name: str) -> None:
    """Fail with a readable list when axe-core finds a serious or critical violation."""
    bad = axe_check(page, name)
    lines = [
        f"{v['id']} ({v['impact']}): {v['help']} — {', '.join(n['target'][0] for n in v['nodes'][:5])}"
        for v in bad
    ]
    assert not bad, f"{name}: " + "\n".join(lines)
