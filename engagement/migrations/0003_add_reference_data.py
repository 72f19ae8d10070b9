from django.db import migrations

from engagement.reference_data import add_reference_data


def add_starting_data(apps, schema_editor):
    add_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("engagement", "0002_create_role_groups")]

    operations = [migrations.RunPython(add_starting_data, migrations.RunPython.noop)]
