"""Writes for matching: keep each profile's stored vector in step with the profile."""

from __future__ import annotations

import hashlib

import numpy as np
from django.db import transaction
from django.utils import timezone

from veier.directory.models import EntrepreneurProfile
from veier.matching import engine
from veier.matching.models import ProfileVector
from veier.matching.selectors import current_embedder


def profile_text(profile: EntrepreneurProfile) -> str:
    """The text a profile is matched on: name, summary, description, evidence and its codes' labels.

    The labels are included in bokmål, nynorsk and English so that a need written in any of them has
    words in common with the profile even for the hashing embedder, which knows no translations.
    """
    organisation = profile.organisation
    parts = [organisation.name, profile.summary, organisation.description, profile.evidence]
    labels = [item.label_nb for item in list(profile.service_areas.all()) + list(profile.target_groups.all())]
    if labels:
        parts.append(", ".join(labels) + ".")
    return "\n".join(part.strip() for part in parts if part and part.strip())


def sentence_source(profile: EntrepreneurProfile) -> str:
    """The texts a matching phrase may be quoted from: what the entrepreneur wrote, not our labels."""
    return "\n".join(part for part in [profile.summary, profile.organisation.description, profile.evidence] if part)


def profile_facts(profile: EntrepreneurProfile) -> dict:
    return {
        "service_areas": sorted(a.pk for a in profile.service_areas.all()),
        "target_groups": sorted(g.pk for g in profile.target_groups.all()),
        "kommuner": sorted(k.pk for k in profile.kommuner.all()),
        "fylker": sorted(f.pk for f in profile.fylker.all()),
        "nationwide": bool(profile.nationwide),
    }


def _hash(embedder: engine.Embedder, text: str) -> str:
    return hashlib.sha256(f"{embedder.name}\0{text}".encode()).hexdigest()


@transaction.atomic
def refresh_vector(profile: EntrepreneurProfile, *, embedder: engine.Embedder | None = None,
                   force: bool = False) -> bool:
    """Bring the profile's stored vector up to date; True when the text had to be embedded again.

    Embedding is the slow part (E5 takes a fraction of a second per profile), so it is skipped when
    the text and the embedder are unchanged; the facts (codes, places) are still refreshed, since
    they cost nothing and decide part of the score.
    """
    embedder = embedder or current_embedder()
    text = profile_text(profile)
    text_hash = _hash(embedder, text)
    facts = profile_facts(profile)
    existing = ProfileVector.objects.filter(profile=profile).first()
    if existing is not None and existing.text_hash == text_hash and not force:
        if existing.facts != facts:
            existing.facts = facts
            existing.updated_at = timezone.now()
            existing.save(update_fields=["facts", "updated_at"])
        return False
    phrases = engine.sentences(sentence_source(profile))
    vectors = embedder.embed_passages([text, *phrases])
    ProfileVector.objects.update_or_create(profile=profile, defaults={
        "embedder": embedder.name, "vector": vectors[0].astype(np.float32).tobytes(), "sentences": phrases,
        "sentence_vectors": vectors[1:].astype(np.float32).tobytes(), "text_hash": text_hash, "facts": facts,
        "updated_at": timezone.now(),
    })
    return True


def refresh_all(*, embedder: engine.Embedder | None = None, force: bool = False) -> tuple[int, int]:
    """Refresh every profile's vector (hidden ones too: they may be made public later).

    Returns (embedded, unchanged). Each profile is refreshed in its own transaction, so an
    interrupted run keeps what it has done.
    """
    embedder = embedder or current_embedder()
    profiles = EntrepreneurProfile.objects.select_related("organisation").prefetch_related(
        "service_areas", "target_groups", "kommuner", "fylker").order_by("pk")
    embedded = unchanged = 0
    for profile in profiles.iterator(chunk_size=200):
        if refresh_vector(profile, embedder=embedder, force=force):
            embedded += 1
        else:
            unchanged += 1
    return embedded, unchanged
