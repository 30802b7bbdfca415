from django.db import migrations


def load(apps, schema_editor):
    from veier.funding.catalogue import load_catalogue

    load_catalogue(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial"), ("reference", "0002_load_reference_data")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
