"""Copy logos uploaded before uploads lived in the database from MEDIA_ROOT into StoredFile.

Without it, every logo uploaded under the old file-system storage would answer 404 after the
upgrade. Files already copied, or missing on disk, are skipped, so the migration can run again.
"""

from pathlib import Path

from django.conf import settings
from django.db import migrations


def copy_logos(apps, schema_editor):
    EntrepreneurProfile = apps.get_model("directory", "EntrepreneurProfile")
    StoredFile = apps.get_model("ops", "StoredFile")
    root = Path(settings.MEDIA_ROOT)
    for name in EntrepreneurProfile.objects.exclude(logo="").values_list("logo", flat=True):
        path = root / name
        if StoredFile.objects.filter(name=name).exists() or not path.is_file():
            continue
        data = path.read_bytes()
        StoredFile.objects.create(name=name, content=data, size=len(data))


class Migration(migrations.Migration):
    dependencies = [
        ("ops", "0001_stored_files"),
        ("directory", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy_logos, migrations.RunPython.noop)]
