"""The chain is keyed from now on: entries name the key that signed them. Existing entries
keep their plain SHA-256 and an empty key_id; `hecha init` (and the first keyed entry
written) anchors them. Nothing already written is changed."""

from django.db import migrations, models

from hecha.audit import guards


def reinstall_guards(apps, schema_editor):
    """SQLite adds the column by rebuilding the table, which drops its triggers."""
    with schema_editor.connection.cursor() as cursor:
        guards.install(cursor, schema_editor.connection.vendor)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=16, verbose_name="签名密钥"),
        ),
        migrations.RunPython(reinstall_guards, migrations.RunPython.noop),
    ]
