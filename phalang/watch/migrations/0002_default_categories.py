from django.db import migrations

DEFAULTS = [
    ("corruption", "การทุจริต", "Corruption", 10),
    ("public_service", "บริการสาธารณะ", "Public services", 20),
    ("environment", "สิ่งแวดล้อม", "Environment", 30),
    ("other", "อื่น ๆ", "Other", 90),
]


def add_defaults(apps, schema_editor):
    Category = apps.get_model("watch", "Category")
    for slug, th, en, pos in DEFAULTS:
        Category.objects.get_or_create(slug=slug, defaults={"name_th": th, "name_en": en, "position": pos})


class Migration(migrations.Migration):
    dependencies = [("watch", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
