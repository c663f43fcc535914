from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "phalang.channels"
    label = "channels"
    verbose_name = "Channels"

    def ready(self) -> None:
        from phalang.channels import tasks  # noqa: F401  (registers the housekeeping job)
