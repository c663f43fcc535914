from django.db import migrations

from phalang.watch.defaults import ensure_categories


def add_defaults(apps, schema_editor):
    ensure_categories(apps.get_model("watch", "Category"))


class Migration(migrations.Migration):
    dependencies = [("watch", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
