from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "phalang.core"
    label = "core"
    verbose_name = "Core"
    default = True

    def ready(self) -> None:
        from phalang.core import checks, tasks  # noqa: F401  (registers the deploy checks, the periodic jobs)
