from django.apps import AppConfig


class DeliberationConfig(AppConfig):
    name = "phalang.deliberation"
    label = "deliberation"
