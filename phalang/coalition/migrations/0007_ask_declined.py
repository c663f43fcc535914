from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('coalition', '0006_ask_answer_links'),
    ]

    operations = [
        migrations.AddField(
            model_name='ask',
            name='decline_reason',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='ask',
            name='declined_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='ask',
            name='declined_by_official',
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AlterField(
            model_name='ask',
            name='state',
            field=models.CharField(choices=[('sent', 'Sent, waiting for an answer'), ('answered', 'Answered: commitment tracked'), ('declined', 'Declined to answer')], default='sent', max_length=12),
        ),
    ]
