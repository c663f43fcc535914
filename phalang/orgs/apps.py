from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "phalang.orgs"
    label = "orgs"
    verbose_name = "Organisations"
