from django.db import migrations


def load(apps, schema_editor):
    from veier.cases.loader import load_booklet_cases

    load_booklet_cases(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial"), ("reference", "0002_load_reference_data")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
