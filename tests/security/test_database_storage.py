"""Uploads are stored in the database, so every app instance (and every backup) has them."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from veier.ops.models import StoredFile
from veier.ops.storage import DatabaseStorage

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 100


def test_the_default_storage_is_the_database():
    assert isinstance(default_storage._wrapped if hasattr(default_storage, "_wrapped") else default_storage,
                      DatabaseStorage)


def test_a_saved_file_reads_back_byte_for_byte():
    name = default_storage.save("logos/besoksvenn.png", ContentFile(PNG))
    assert name == "logos/besoksvenn.png"
    assert default_storage.exists(name)
    assert default_storage.size(name) == len(PNG)
    with default_storage.open(name) as handle:
        assert handle.read() == PNG
    assert StoredFile.objects.get(name=name).size == len(PNG)


def test_a_second_file_with_the_same_name_gets_a_new_name_and_both_survive():
    first = default_storage.save("logos/logo.png", ContentFile(PNG))
    second = default_storage.save("logos/logo.png", ContentFile(PNG[:20]))
    assert first != second
    assert default_storage.size(first) == len(PNG)
    assert default_storage.size(second) == 20


def test_deleting_removes_the_file_and_a_missing_file_is_file_not_found():
    name = default_storage.save("logos/gone.png", ContentFile(PNG))
    default_storage.delete(name)
    assert not default_storage.exists(name)
    with pytest.raises(FileNotFoundError):
        default_storage.open(name)
    with pytest.raises(FileNotFoundError):
        default_storage.size(name)


def test_urls_point_at_the_media_view_and_listing_works_by_folder():
    default_storage.save("logos/a.png", ContentFile(PNG))
    default_storage.save("logos/b.png", ContentFile(PNG))
    default_storage.save("other/c.png", ContentFile(PNG))
    assert default_storage.url("logos/a.png") == "/media/logos/a.png"
    assert default_storage.listdir("logos") == ([], ["a.png", "b.png"])
    assert default_storage.listdir("") == (["logos", "other"], [])


def test_files_cannot_be_opened_for_writing():
    name = default_storage.save("logos/x.png", ContentFile(PNG))
    with pytest.raises(ValueError, match="read-only"):
        default_storage.open(name, "wb")


def test_a_name_taken_between_checking_and_saving_gets_another_name(monkeypatch):
    first = default_storage.save("logos/race.png", ContentFile(PNG))
    # As if a concurrent upload had not yet been visible when this one first chose its name.
    real_exists, calls = DatabaseStorage.exists, []

    def racing_exists(self, name):
        calls.append(name)
        return False if len(calls) == 1 else real_exists(self, name)

    monkeypatch.setattr(DatabaseStorage, "exists", racing_exists)
    second = default_storage.save("logos/race.png", ContentFile(PNG[:10]))
    assert second != first
    assert default_storage.size(second) == 10


def test_the_time_of_a_missing_file_is_file_not_found():
    with pytest.raises(FileNotFoundError):
        default_storage.get_created_time("logos/none.png")


def test_logos_uploaded_to_disk_before_the_upgrade_are_copied_in(settings, tmp_path, besoksvenn):
    import importlib

    from django.apps import apps

    from veier.directory.models import EntrepreneurProfile

    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "old.png").write_bytes(PNG)
    EntrepreneurProfile.objects.create(organisation=besoksvenn, is_public=True, logo="logos/old.png")
    migration = importlib.import_module("veier.ops.migrations.0002_move_uploads_into_the_database")

    migration.copy_logos(apps, None)
    migration.copy_logos(apps, None)  # again: nothing twice

    assert [(f.name, bytes(f.content)) for f in StoredFile.objects.all()] == [("logos/old.png", PNG)]
