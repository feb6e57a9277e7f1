"""Database triggers that refuse UPDATE and DELETE on the audit trail (and TRUNCATE on PostgreSQL)."""

from django.db import migrations

from hecha.audit import guards


def install(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        guards.install(cursor, schema_editor.connection.vendor)


def remove(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        guards.remove(cursor, schema_editor.connection.vendor)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
