from django.urls import include, path, register_converter

from madoguchi.accounts import views as account_views
from madoguchi.ops import views as ops_views


class IdConverter:
    """A database id in a URL: 1 to 18 digits, so an overlong number is a plain 404, never an overflow."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


# Registered before the apps' URL modules are imported by include().
register_converter(IdConverter, "id")

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", ops_views.healthz, name="healthz"),
    path("accounts/", include("madoguchi.accounts.urls")),
    path("audit/", include("madoguchi.audit.urls")),
    path("counter/", include("madoguchi.counter.urls")),
    path("handbook/", include("madoguchi.handbook.urls")),
    path("insights/", include("madoguchi.insights.urls")),
    path("okuyami/", include("madoguchi.okuyami.urls")),
    path("residents/", include("madoguchi.registry.urls")),
]
