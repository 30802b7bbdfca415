"""Load the 44 organisation forms, so units can refer to them from the first import."""

from django.db import migrations


def load(apps, schema_editor):
    from veier.registry.services import load_organisation_forms

    load_organisation_forms(apps.get_model("registry", "OrganisationForm"))


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
