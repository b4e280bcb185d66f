"""Seed the default message templates (fixloop/notifications/defaults.py); existing rows are kept."""

from django.db import migrations


def seed(apps, schema_editor):
    from fixloop.notifications.defaults import DEFAULT_TEMPLATES

    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for event, by_language in DEFAULT_TEMPLATES.items():
        for language, (subject, body) in by_language.items():
            MessageTemplate.objects.get_or_create(
                event=event, language=language, defaults={"subject": subject, "body": body}
            )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
