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
