from django.urls import path

from madoguchi.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("compare/", views.compare, name="compare"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("report.pdf", views.report_pdf, name="report_pdf"),
    path("walks/", views.walk_index, name="walks"),
    path("walks/<id:pk>/", views.walk_detail, name="walk"),
    path("walks/<id:pk>/clock/", views.walk_clock, name="walk_clock"),
    path("walks/<id:pk>/stops/", views.walk_stop_add, name="walk_stop_add"),
    path("walks/<id:pk>/stops/remove/", views.walk_stop_remove, name="walk_stop_remove"),
    path("survey/", views.resident_survey, name="resident_survey"),
]
