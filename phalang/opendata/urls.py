from django.urls import path

from phalang.opendata import views

app_name = "opendata"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("upload/", views.upload, name="upload"),
    path("charts/", views.charts_page, name="charts"),
    path("risk/", views.risk_page, name="risk"),
    path("entity/<int:pk>/", views.entity_page, name="entity"),
    path("budget/<int:pk>/", views.budget_page, name="budget"),
    # ocids are free text chosen by publishers; "path" accepts any of them.
    path("process/<path:ocid>/", views.process_page, name="process"),
]
