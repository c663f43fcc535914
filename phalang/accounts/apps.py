from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "phalang.accounts"
    label = "accounts"
    verbose_name = "Accounts"
