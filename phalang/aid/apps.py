from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidConfig(AppConfig):
    name = "phalang.aid"
    label = "aid"
    verbose_name = "Mutual aid"

    def ready(self) -> None:
        from phalang.aid import flows

        flows.register_flows()  # the aid conversations in the chat (phalang.chat)
        from phalang.aid import actions, tasks
        from phalang.core import demo as core_demo
        from phalang.core import modules, retention

        modules.register(modules.Module(
            key="aid", title=_("Ask for help"),
            summary=_("Food, medicine, oxygen, a bed or a ride: volunteers near you can help. No account needed."),
            url_name="aid:request"))
        modules.register(modules.Module(
            key="aid-volunteer", title=_("Volunteer"),
            summary=_("Sign up with your skills and vehicle, and take tasks near you."),
            url_name="aid:volunteer"))
        retention.register("aid.closed_requests", actions.purge_closed_requests)
        retention.register("aid.import_results", actions.purge_import_results)
        tasks.register()
        core_demo.register("phalang.aid.demo:seed")
