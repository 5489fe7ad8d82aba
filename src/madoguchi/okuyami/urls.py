from django.urls import path

from madoguchi.okuyami import preparation_views, views

app_name = "okuyami"

urlpatterns = [
    path("", views.day_view, name="day"),
    path("week/", views.week_view, name="week"),
    path("followup/", views.followup_view, name="followup"),
    path("new/", views.booking_new, name="new"),
    path("new/search/", views.booking_search, name="search"),
    path("new/book/", views.booking_create, name="create"),
    path("bookings/<id:pk>/", views.booking_detail, name="booking"),
    path("bookings/<id:pk>/reschedule/", views.booking_reschedule, name="reschedule"),
    path("bookings/<id:pk>/cancel/", views.booking_cancel, name="cancel"),
    path("bookings/<id:pk>/no-show/", views.booking_no_show, name="no_show"),
    path("bookings/<id:pk>/sheet.pdf", views.booking_sheet, name="sheet"),
    path("bookings/<id:pk>/arrive/", views.booking_arrive, name="arrive"),
    path("bookings/<id:pk>/leave/", views.booking_leave, name="leave"),
    path("prepare/", preparation_views.preparation_list, name="preparations"),
    path("prepare/<id:pk>/", preparation_views.preparation_detail, name="preparation"),
    path("prepare/<id:pk>/forms.pdf", preparation_views.preparation_print, name="preparation_print"),
]
