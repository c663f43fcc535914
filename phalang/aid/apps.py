from django.apps import AppConfig


class AidConfig(AppConfig):
    name = "phalang.aid"
    label = "aid"
