"""Budget lines: the disbursed amount (GFMIS ``gf_amount``) and whether the line is a nationwide
programme; lines imported before are filled in from their stored data, and the place of each
line is worked out again where the old rules put it wrong (a central programme booked under
Bangkok; a bare name that fits a subdistrict outside the line's own provinces)."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models


def restore_search_triggers(apps: Any, schema_editor: Any) -> None:
    """SQLite: adding a NOT NULL column rebuilds the table, which drops its triggers, so the
    budget full-text index (migration 0002) would stop following inserts. Put them back."""
    conn = schema_editor.connection
    if conn.vendor != "sqlite":
        return
    table = "opendata_budgetproject"
    fts = f"{table}_fts"
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [fts])
        if cursor.fetchone() is None:
            return  # no FTS5 in this SQLite build: search uses LIKE
        cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN "
                       f"INSERT INTO {fts}(rowid, search_doc) VALUES (new.id, new.search_doc); END")
        cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN "
                       f"INSERT INTO {fts}({fts}, rowid, search_doc) VALUES ('delete', old.id, old.search_doc); END")
        cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF search_doc ON {table} BEGIN "
                       f"INSERT INTO {fts}({fts}, rowid, search_doc) VALUES ('delete', old.id, old.search_doc); "
                       f"INSERT INTO {fts}(rowid, search_doc) VALUES (new.id, new.search_doc); END")
        cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def fill(apps: Any, schema_editor: Any) -> None:
    from phalang.engines.thaitext import resolve_place
    from phalang.opendata.actions import _single_province, disbursed, is_nationwide, listed_provinces

    BudgetProject = apps.get_model("opendata", "BudgetProject")
    Province = apps.get_model("places", "Province")
    District = apps.get_model("places", "District")
    Subdistrict = apps.get_model("places", "Subdistrict")
    provinces = {p.name_th: p.pk for p in Province.objects.all()}
    districts = {(d.province_id, d.name_th): d.pk for d in District.objects.all()}
    subdistricts = {(s.district_id, s.name_th): s.pk for s in Subdistrict.objects.all()}
    for row in BudgetProject.objects.only("pk", "data", "name", "province_id").iterator(chunk_size=2000):
        data = row.data if isinstance(row.data, dict) else {}
        changes: dict[str, Any] = {"disbursed": disbursed(data), "nationwide": is_nationwide(data)}
        listed = listed_provinces(data)
        names = {p for p, pk in provinces.items() if pk == row.province_id}
        if changes["nationwide"] or (row.province_id and listed and not names & set(listed)):
            place = resolve_place(row.name, within=listed)
            single = _single_province(data)
            pid = provinces.get(place.province) if place else provinces.get(single) if single else None
            did = districts.get((pid, place.district)) if place and pid else None
            sid = subdistricts.get((did, place.subdistrict)) if place and did else None
            changes.update(province_id=pid, district_id=did, subdistrict_id=sid)
        BudgetProject.objects.filter(pk=row.pk).update(**changes)


class Migration(migrations.Migration):

    dependencies = [
        ("opendata", "0002_search_index"),
        ("places", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="budgetproject",
            name="disbursed",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="budgetproject",
            name="nationwide",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(restore_search_triggers, migrations.RunPython.noop),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
