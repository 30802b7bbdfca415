"""Uploaded files kept in the database, so app instances share nothing but the database."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    """One uploaded file (a logo): its storage name, bytes and when it was saved.

    Uploads are small (a logo is at most 1 MB), and keeping them in the database means a second
    app instance serves the same files without a shared disk, and `veier backup` includes them.
    """

    name = models.CharField(_("name"), max_length=255, unique=True)
    content = models.BinaryField(_("content"))
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self) -> str:
        return self.name
