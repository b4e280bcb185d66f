"""Imported history gets a flag of its own instead of being told apart by having no events."""

from django.db import migrations, models


def mark_imported(apps, schema_editor):
    # Until now the importer's orders were the only ones without events (every lifecycle order is
    # created with one), so that is how the existing history is recognised, once.
    WorkOrder = apps.get_model("workorders", "WorkOrder")
    WorkOrder.objects.filter(events__isnull=True).update(imported=True)


class Migration(migrations.Migration):
    dependencies = [
        ("workorders", "0006_dashboard_refresh_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="workorder",
            name="imported",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Finished before fixloop and loaded as history; it never went through the lifecycle.",
                verbose_name="imported",
            ),
        ),
        migrations.RunPython(mark_imported, migrations.RunPython.noop),
    ]
