from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WatchConfig(AppConfig):
    name = "phalang.watch"
    label = "watch"
    verbose_name = "Watch"

    def ready(self) -> None:
        from phalang.watch import flows

        flows.register_flows()  # the watch conversations in the chat (phalang.chat)
        from phalang.core import modules, retention
        from phalang.watch import purge

        modules.register(modules.Module(
            key="watch-report", title=_("Report a problem"),
            summary=_("Corruption or a failing public service: tell us safely, anonymously if you wish."),
            url_name="watch:report"))
        modules.register(modules.Module(
            key="watch-status", title=_("Follow up a report"),
            summary=_("Check the status with your receipt, add information, answer questions."),
            url_name="watch:status"))
        from phalang.watch import clocks  # noqa: F401  (registers the reminder job)

        modules.register(modules.Module(
            key="watch-board", title=_("Public status board"),
            summary=_("Every published report, where it stands, and who is handling it."),
            url_name="watch:board"))
        retention.register("watch.reply_addresses", purge.purge_reply_addresses)
        retention.register("watch.closed_contacts", purge.purge_closed_contacts)
        retention.register("watch.pending_evidence", purge.purge_pending_evidence)
        from phalang.core import demo as core_demo

        core_demo.register("phalang.watch.demo:seed")
