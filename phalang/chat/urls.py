from django.urls import path

from phalang.chat import views

app_name = "channels"
urlpatterns = [
    path("line", views.line_webhook, name="line"),
    path("telegram", views.telegram_webhook, name="telegram"),
    path("sms", views.sms_webhook, name="sms"),
]
