"""Indexes the dashboard's daily statistics need: orders closed in a period and what changed since a time."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("workorders", "0005_kpi_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="workorder",
            index=models.Index(fields=["closed_at"], name="wo_closed_idx"),
        ),
        migrations.AddIndex(
            model_name="workorder",
            index=models.Index(fields=["updated_at"], name="wo_updated_idx"),
        ),
        migrations.AddIndex(
            model_name="workorderevent",
            index=models.Index(fields=["created_at"], name="wo_event_created_idx"),
        ),
    ]
