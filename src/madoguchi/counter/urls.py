from django.urls import path

from madoguchi.counter import screen_views, task_views, views

app_name = "counter"

urlpatterns = [
    path("", views.index, name="index"),
    path("visits/new/", views.case_open, name="open"),
    path("visits/<id:pk>/", views.case_detail, name="case"),
    path("visits/<id:pk>/stage/", views.case_stage, name="case_stage"),
    path("visits/<id:pk>/search/", views.people_search, name="people_search"),
    path("visits/<id:pk>/people/", views.person_add, name="person_add"),
    path("visits/<id:pk>/people/<id:person_id>/remove/", views.person_remove, name="person_remove"),
    path("visits/<id:pk>/people/<id:person_id>/details/", views.applicant_details, name="applicant_details"),
    path("visits/<id:pk>/details/", views.details, name="details"),
    path("visits/<id:pk>/answer/", views.answer, name="answer"),
    path("visits/<id:pk>/unanswer/", views.unanswer, name="unanswer"),
    path("visits/<id:pk>/form-values/", views.form_values, name="form_values"),
    path("visits/<id:pk>/override/", views.override, name="override"),
    path("visits/<id:pk>/settle/", views.settle, name="settle"),
    path("visits/<id:pk>/note/", views.note, name="note"),
    path("visits/<id:pk>/finish/", views.finish_interview, name="finish"),
    path("visits/<id:pk>/reopen/", views.reopen, name="reopen"),
    path("visits/<id:pk>/cancel/", views.cancel, name="cancel"),
    path("visits/<id:pk>/merge/", views.merge, name="merge"),
    path("visits/<id:pk>/print/", views.print_bundle, name="print"),
    path("visits/<id:pk>/checklist.pdf", views.checklist, name="checklist"),
    path("postal/", views.postal, name="postal"),
    path("board/", views.board, name="board"),
    path("tasks/", task_views.task_list, name="worklist"),
    path("tasks/<id:pk>/", task_views.task_detail, name="task"),
    path("tasks/<id:pk>/<str:action>/", task_views.task_act, name="task_act"),
    path("screen/", screen_views.screen_code, name="screen"),
    path("screen/view/", screen_views.screen_view, name="screen_view"),
    path("screen/poll/", screen_views.screen_poll, name="screen_poll"),
    path("screen/confirm/", screen_views.screen_confirm, name="screen_confirm"),
    path("screen/correct/", screen_views.screen_correct, name="screen_correct"),
]
