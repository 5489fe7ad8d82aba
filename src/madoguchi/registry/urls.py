from django.urls import path

from madoguchi.registry import views

app_name = "registry"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("<id:pk>/", views.resident_detail, name="detail"),
    path("import/", views.import_upload, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
]
