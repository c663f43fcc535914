# The outbox moved to the messaging app; its table stays (messaging 0001 takes it over).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('channels', '0002_outbox_sending_bulk'),
        ('messaging', '0001_outbox_moved_from_channels'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.DeleteModel(name='OutboundMessage'),
        ]),
    ]
