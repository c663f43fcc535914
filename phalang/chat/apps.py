from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "phalang.chat"
    # The app was called ``channels``; its label stays so that existing databases keep their
    # tables (channels_inboundevent, channels_dialogsession) and migration history.
    label = "channels"
    verbose_name = "Chat"

    def ready(self) -> None:
        from phalang.chat import tasks  # noqa: F401  (registers the housekeeping job)
