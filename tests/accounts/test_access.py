"""Role-based access to every page, and no inline script anywhere."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PERSONAS = ["counter_staff", "hoken_staff", "admin_staff", "auditor_staff", "no_role_staff"]
# page → personas allowed (everyone else gets 403)
PAGES = {
    "/": set(PERSONAS),
    "/accounts/staff/": {"admin_staff"},
    "/audit/": {"auditor_staff"},
    "/audit/export.csv": {"auditor_staff"},
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_role_based_access(request, login_client, page, persona):
    client = login_client(request.getfixturevalue(persona))
    response = client.get(page)
    expected = 200 if persona in PAGES[page] else 403
    assert response.status_code == expected


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_login(page, departments):
    response = Client().get(page)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


class _InlineScriptFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.problems.append("script without src")
        self.problems.extend(f"{tag}[{name}]" for name in names if name.startswith("on") or name == "style")
        self.problems.extend(
            f"{tag}[{name}=javascript:]"
            for name, value in attrs
            if value and value.strip().lower().startswith("javascript:")
        )


@pytest.mark.parametrize(
    ("page", "persona"),
    [
        ("/", "counter_staff"),
        ("/", "auditor_staff"),
        ("/accounts/staff/", "admin_staff"),
        ("/audit/", "auditor_staff"),
    ],
)
def test_pages_have_no_inline_script(request, login_client, page, persona):
    client = login_client(request.getfixturevalue(persona))
    response = client.get(page)
    finder = _InlineScriptFinder()
    finder.feed(response.content.decode())
    assert finder.problems == []
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_login_page_has_no_inline_script(departments):
    response = Client().get("/accounts/login/")
    finder = _InlineScriptFinder()
    finder.feed(response.content.decode())
    assert finder.problems == []
    assert '<html lang="ja">' in response.content.decode()
