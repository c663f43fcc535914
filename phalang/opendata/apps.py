from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "phalang.opendata"
    label = "opendata"
    verbose_name = "Open data"

    def ready(self) -> None:
        from phalang.core import demo as core_demo
        from phalang.core import modules, periodic
        from phalang.opendata import fetch

        modules.register(modules.Module(
            key="opendata", title=_("Follow public money"),
            summary=_("Search procurement and budget projects, with red flags that explain why they matter."),
            url_name="opendata:search"))
        core_demo.register("phalang.opendata.demo:seed")
        fetch.register_periodic(periodic)
