from django.urls import path

from madoguchi.accounts import staff_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("staff/", staff_views.staff_index, name="staff"),
    path("staff/new/", staff_views.staff_new, name="staff_new"),
    path("staff/<int:pk>/", staff_views.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/edit/", staff_views.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/active/", staff_views.staff_active, name="staff_active"),
    path("staff/<int:pk>/password/", staff_views.staff_password_reset, name="staff_password_reset"),
    path("staff/<int:pk>/restricted/", staff_views.staff_restricted, name="staff_restricted"),
    path("departments/", staff_views.department_index, name="departments"),
    path("departments/<int:pk>/", staff_views.department_edit, name="department_edit"),
]
