from django.urls import include, path

from madoguchi.accounts import views as account_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accounts/", include("madoguchi.accounts.urls")),
    path("audit/", include("madoguchi.audit.urls")),
    path("counter/", include("madoguchi.counter.urls")),
    path("residents/", include("madoguchi.registry.urls")),
]
