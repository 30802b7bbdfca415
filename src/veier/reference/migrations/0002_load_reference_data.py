"""Load kommuner, fylker, service areas and target groups, so a fresh database is usable at once."""

from django.db import migrations


def load(apps, schema_editor):
    from veier.reference.loaders import load_all

    load_all(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
