"""An address that said STOP without ever subscribing is kept by its keyed hash only
(``actions.stop``); rows written before that rule lose their encrypted address."""

from django.db import migrations


def forget_stop_only_addresses(apps, schema_editor):  # type: ignore[no-untyped-def]
    SubscriberAddress = apps.get_model("coalition", "SubscriberAddress")
    ConsentRecord = apps.get_model("coalition", "ConsentRecord")
    opted_in = ConsentRecord.objects.filter(action="opt_in").values("subscriber_id")
    (SubscriberAddress.objects.filter(subscriber__active=False).exclude(subscriber_id__in=opted_in)
     .exclude(address_enc="").update(address_enc=""))


class Migration(migrations.Migration):

    dependencies = [
        ('coalition', '0007_ask_declined'),
    ]

    operations = [
        migrations.RunPython(forget_stop_only_addresses, migrations.RunPython.noop),
    ]
