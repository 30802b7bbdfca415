"""Stored embeddings of entrepreneur profiles, so matching never embeds thousands of texts per request."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veier.directory.models import EntrepreneurProfile


class ProfileVector(models.Model):
    """A profile's embedding, its sentences' embeddings and the facts matching needs, kept by the services.

    `text_hash` identifies the embedded text and the embedder, so an unchanged profile is not embedded
    again. `facts` (service areas, target groups, kommuner, fylker, nationwide) is copied from the profile
    so the whole index loads from this one table without joins. `updated_at` changes whenever the row
    does; the in-process index compares it to know when to reload.
    """

    profile = models.OneToOneField(EntrepreneurProfile, primary_key=True, on_delete=models.CASCADE,
                                   related_name="match_vector")
    embedder = models.CharField(_("embedder"), max_length=50)
    vector = models.BinaryField(_("vector (float32)"))
    sentences = models.JSONField(_("sentences"), default=list)
    sentence_vectors = models.BinaryField(_("sentence vectors (float32)"), default=b"")
    text_hash = models.CharField(max_length=64)
    facts = models.JSONField(default=dict)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # Covers the per-request freshness check (count and latest change per embedder) without reading
        # the rows, whose vectors make a full scan slow.
        indexes = [models.Index(fields=["embedder", "updated_at"], name="matching_vector_freshness")]
        verbose_name = _("profile vector")
        verbose_name_plural = _("profile vectors")

    def __str__(self) -> str:
        return f"{self.profile_id} ({self.embedder})"
