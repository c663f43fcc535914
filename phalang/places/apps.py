from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "phalang.places"
    label = "places"
    verbose_name = "Places"
