"""A Django file storage that keeps uploads in the database (see ``StoredFile``).

The default storage in ``settings.STORAGES``. Files are served by ``veier.ops.media`` (which checks
what they are) at ``MEDIA_URL``; this storage never serves anything itself.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.utils.deconstruct import deconstructible
from django.utils.encoding import filepath_to_uri


@deconstructible(path="veier.ops.storage.DatabaseStorage")
class DatabaseStorage(Storage):
    def _model(self):
        from veier.ops.models import StoredFile

        return StoredFile

    def _open(self, name: str, mode: str = "rb") -> ContentFile:
        if "w" in mode or "a" in mode:
            raise ValueError("DatabaseStorage files are read-only once saved; save a new file instead")
        try:
            content = self._model().objects.values_list("content", flat=True).get(name=name)
        except self._model().DoesNotExist:
            raise FileNotFoundError(name) from None
        return ContentFile(bytes(content), name=name)

    def _save(self, name: str, content) -> str:
        if hasattr(content, "seek"):
            content.seek(0)
        data = b"".join(content.chunks()) if hasattr(content, "chunks") else content.read()
        for _attempt in range(10):
            try:
                with transaction.atomic():
                    self._model().objects.create(name=name, content=data, size=len(data))
                return name
            except IntegrityError:
                # Another upload took the name between get_available_name() and here: pick a new one.
                name = self.get_available_name(name)
        raise FileExistsError(name)

    def exists(self, name: str) -> bool:
        return self._model().objects.filter(name=name).exists()

    def delete(self, name: str) -> None:
        self._model().objects.filter(name=name).delete()

    def size(self, name: str) -> int:
        try:
            return self._model().objects.values_list("size", flat=True).get(name=name)
        except self._model().DoesNotExist:
            raise FileNotFoundError(name) from None

    def url(self, name: str) -> str:
        return f"/{settings.MEDIA_URL.strip('/')}/{filepath_to_uri(name)}"

    def listdir(self, path: str):
        prefix = f"{path.strip('/')}/" if path.strip("/") else ""
        files, directories = [], set()
        for name in self._model().objects.filter(name__startswith=prefix).values_list("name", flat=True):
            rest = name[len(prefix):]
            if "/" in rest:
                directories.add(rest.split("/", 1)[0])
            else:
                files.append(rest)
        return sorted(directories), sorted(files)

    def get_created_time(self, name: str):
        try:
            return self._model().objects.values_list("created_at", flat=True).get(name=name)
        except self._model().DoesNotExist:
            raise FileNotFoundError(name) from None

    get_modified_time = get_accessed_time = get_created_time
