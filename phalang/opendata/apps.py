from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "phalang.opendata"
    label = "opendata"
