from django.urls import path

from madoguchi.handbook import views

app_name = "handbook"

urlpatterns = [
    path("visits/<id:pk>/handbook.pdf", views.handbook_pdf, name="pdf"),
    path("visits/<id:pk>/deadlines.ics", views.handbook_ics, name="ics"),
]
