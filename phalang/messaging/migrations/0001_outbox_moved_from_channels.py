# The outbox moved from the channels app to messaging: its table (channels_outboundmessage) stays
# where it is, so only Django's idea of which app owns it changes.

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('channels', '0002_outbox_sending_bulk'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='OutboundMessage',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('channel', models.CharField(max_length=16)),
                    ('kind', models.CharField(max_length=16)),
                    ('address_enc', models.TextField(blank=True)),
                    ('reply_token', models.CharField(blank=True, max_length=255)),
                    ('payload', models.JSONField()),
                    ('idempotency_key', models.CharField(max_length=64, unique=True)),
                    ('state', models.CharField(choices=[('pending', 'Pending'), ('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Failed')], default='pending', max_length=8)),
                    ('attempts', models.PositiveSmallIntegerField(default=0)),
                    ('next_attempt_at', models.DateTimeField()),
                    ('claimed_until', models.DateTimeField(blank=True, null=True)),
                    ('sent_at', models.DateTimeField(blank=True, null=True)),
                    ('last_error', models.TextField(blank=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('bulk', models.BooleanField(default=False)),
                    ('recipient_id', models.BigIntegerField(blank=True, null=True)),
                    ('batch_key', models.CharField(blank=True, max_length=36)),
                    ('in_doubt', models.BooleanField(default=False)),
                ],
                options={
                    'db_table': 'channels_outboundmessage',
                    'indexes': [models.Index(condition=models.Q(('state', 'pending')), fields=['channel', 'bulk', 'next_attempt_at', 'id'], name='outbox_due'), models.Index(condition=models.Q(('state', 'sending')), fields=['claimed_until'], name='outbox_in_flight'), models.Index(condition=models.Q(('recipient_id__isnull', False)), fields=['recipient_id'], name='outbox_recipient'), models.Index(condition=models.Q(('bulk', True)), fields=['kind'], name='outbox_bulk_kind')],
                },
            ),
        ]),
    ]
