from __future__ import annotations

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("opendata", "0005_search_terms_column")]

    operations = [
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("term", models.CharField(max_length=200, unique=True)),
                ("documents", models.PositiveIntegerField()),
            ],
        ),
    ]
