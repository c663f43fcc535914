from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoalitionConfig(AppConfig):
    name = "phalang.coalition"
    label = "coalition"
    verbose_name = "Coalition"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from phalang.coalition import flows

        flows.register_flows()  # the coalition conversations in the chat (phalang.chat)
        from phalang.coalition import purge, tasks  # noqa: F401  (tasks registers the periodic jobs)
        from phalang.core import demo as core_demo
        from phalang.core import modules, retention

        modules.register(modules.Module(
            key="coalition-commitments", title=_("Commitment tracker"),
            summary=_("What parties and agencies promised, and whether they kept it."),
            url_name="coalition:commitments"))
        modules.register(modules.Module(
            key="coalition-campaigns", title=_("Campaigns and events"),
            summary=_("Join a campaign, follow its progress, sign up for meetings and actions."),
            url_name="coalition:campaigns"))
        retention.register("coalition.rsvp_contacts", purge.purge_past_rsvps)
        from phalang.coalition.actions import purge_pending_subscriptions, purge_unproven_rsvps

        retention.register("coalition.unproven_rsvps", purge_unproven_rsvps)
        retention.register("coalition.pending_subscriptions", purge_pending_subscriptions)
        from phalang.coalition.actions import still_wanted
        from phalang.messaging import notify

        notify.register_recipient_check("bc:", still_wanted)  # opt-outs honoured at send time too
        core_demo.register("phalang.coalition.demo:seed")
