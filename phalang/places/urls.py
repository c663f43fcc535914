from django.urls import path

from phalang.places import views

app_name = "places"
urlpatterns = [path("", views.search, name="search")]
