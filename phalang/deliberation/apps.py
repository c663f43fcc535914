from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliberationConfig(AppConfig):
    name = "phalang.deliberation"
    label = "deliberation"
    verbose_name = "Deliberation"

    def ready(self) -> None:
        from phalang.deliberation import flows

        flows.register_flows()  # the deliberation conversations in the chat (phalang.chat)
        from phalang.core import demo as core_demo
        from phalang.core import modules

        modules.register(modules.Module(
            key="deliberation", title=_("Find common ground"),
            summary=_("Vote on short statements and see where people already agree, across groups."),
            url_name="deliberation:list"))
        core_demo.register("phalang.deliberation.demo:seed")
