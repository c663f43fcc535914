from django.urls import path

from phalang.watch import views

app_name = "watch"
urlpatterns = [
    path("report/", views.report, name="report"),
    path("status/", views.status, name="status"),
    path("staff/reports/new/", views.staff_report, name="staff_report"),
]
