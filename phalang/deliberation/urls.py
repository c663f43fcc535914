from django.urls import path

from phalang.deliberation import views

app_name = "deliberation"
urlpatterns = [
    path("", views.conversation_list, name="list"),
    path("<int:pk>/", views.conversation, name="conversation"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/statements/", views.submit, name="submit"),
    path("manage/", views.manage_list, name="manage_list"),
    path("manage/new/", views.manage_create, name="manage_create"),
    path("manage/<int:pk>/", views.manage, name="manage"),
    path("manage/<int:pk>/state/", views.manage_state, name="manage_state"),
    path("manage/<int:pk>/recompute/", views.manage_recompute, name="manage_recompute"),
    path("manage/<int:pk>/moderation/", views.moderation, name="moderation"),
    path("manage/<int:pk>/report/", views.report, name="report"),
    path("manage/<int:pk>/report.csv", views.report_csv, name="report_csv"),
]
