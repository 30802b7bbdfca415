"""Reads for matching: ranked entrepreneurs for a need, generic ranking of texts, and reasons in words.

The profiles' vectors are loaded once into an in-process `engine.Index` (a numpy matrix) and reused
until a vector row changes: every request asks the database only for the vectors' count and latest
change time, which is cheap, and the index is reloaded when either differs. Hidden profiles are read
fresh on every request, so a profile made private is never matched, even by a stale index.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from django.conf import settings
from django.db.models import Count, Max
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from veier.directory.models import EntrepreneurProfile
from veier.matching import engine
from veier.matching.engine import Coverage, Place, Reason
from veier.reference.models import Fylke, Kommune, ServiceArea, TargetGroup

__all__ = ["Coverage", "Match", "Place", "Reason", "coverage_of", "current_embedder", "match_entrepreneurs",
           "rank_texts", "reason_text"]


def current_embedder() -> engine.Embedder:
    """The embedder named by the VEIER_EMBEDDER setting: "e5" (default) or "hashing" (tests, fallback)."""
    name = getattr(settings, "VEIER_EMBEDDER", "e5")
    if name == "hashing":
        return _hashing()
    if name == "e5":
        return engine.E5Embedder.shared(getattr(settings, "VEIER_E5_THREADS", 1))
    raise ValueError(f"VEIER_EMBEDDER must be 'e5' or 'hashing', not {name!r}")


@lru_cache(maxsize=1)
def _hashing() -> engine.HashingEmbedder:
    return engine.HashingEmbedder()


# --- The index of profile vectors ------------------------------------------------------------------------

_lock = threading.Lock()
_cache: dict[str, tuple[tuple, engine.Index]] = {}


def profile_index(embedder: engine.Embedder) -> engine.Index:
    """The index of all stored vectors made by `embedder`, reloaded when a vector row has changed."""
    from veier.matching.models import ProfileVector

    rows = ProfileVector.objects.filter(embedder=embedder.name)
    state = tuple(rows.aggregate(n=Count("*"), latest=Max("updated_at")).values())
    cached = _cache.get(embedder.name)
    if cached is not None and cached[0] == state:
        return cached[1]
    with _lock:
        keys, blobs, areas, groups, coverages = [], [], [], [], []
        for pk, vector, facts in rows.order_by("pk").values_list("profile_id", "vector", "facts").iterator(2000):
            keys.append(pk)
            blobs.append(bytes(vector))
            areas.append(facts.get("service_areas", ()))
            groups.append(facts.get("target_groups", ()))
            coverages.append(Coverage(frozenset(facts.get("kommuner", ())), frozenset(facts.get("fylker", ())),
                                      bool(facts.get("nationwide"))))
        vectors = np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(keys), embedder.dim)
        index = engine.Index(keys, vectors, areas, groups, coverages)
        _cache[embedder.name] = (state, index)
        return index


def clear_index_cache() -> None:
    """Forget the loaded indexes (tests; after changing vectors with raw SQL)."""
    _cache.clear()


_QUERY_CACHE_SIZE = 512
_query_lock = threading.Lock()
_queries: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()


def query_vector_for(embedder: engine.Embedder, text: str) -> np.ndarray:
    """The need's embedding, remembered for the last few hundred texts.

    Embedding the need is most of a request's time with E5 (about 0.1 s), and the same text comes back
    often: a challenge's list of matches is opened again and again while its text stays the same.
    """
    key = (embedder.name, text)
    with _query_lock:
        if key in _queries:
            _queries.move_to_end(key)
            return _queries[key]
    vector = embedder.embed_query(text)
    with _query_lock:
        _queries[key] = vector
        while len(_queries) > _QUERY_CACHE_SIZE:
            _queries.popitem(last=False)
    return vector


def clear_query_cache() -> None:
    _queries.clear()


# --- Matching entrepreneurs ------------------------------------------------------------------------------


@dataclass
class Match:
    """An entrepreneur ranked for a need: the profile, the score in [0, 1] and the reasons (best first)."""

    profile: EntrepreneurProfile
    score: float
    reasons: list[Reason]

    @property
    def orgnr(self) -> str:
        return self.profile.organisation.orgnr

    @property
    def name(self) -> str:
        return self.profile.organisation.name

    @property
    def reason_texts(self) -> list[str]:
        return [reason_text(reason) for reason in self.reasons]


def place_of(kommune: Kommune | str | None) -> Place | None:
    if kommune is None:
        return None
    if isinstance(kommune, str):
        found = Kommune.objects.filter(number=kommune).first()
        if found is None:
            raise ValueError(f"Unknown kommune: {kommune}")
        kommune = found
    return Place(fylke=kommune.fylke_id, kommune=kommune.number)


def match_entrepreneurs(text: str, *, kommune: Kommune | str | None = None, service_areas: Sequence[str] | None = None,
                        target_groups: Sequence[str] | None = None, limit: int = 10,
                        exclude: Iterable[int] = ()) -> list[Match]:
    """Public entrepreneur profiles ranked for a need, best first, with reasons.

    `text` describes the need (a challenge's title, need and desired outcomes joined is a good text);
    `kommune` (a Kommune or its number) is where the need is, and without it geography is neutral;
    codes that no profile has simply match nothing (the API refuses unknown codes before this).
    `exclude` takes profile primary keys, e.g. entrepreneurs who already pitched.
    Profiles without a stored vector (made before matching existed) are found after
    `veier embed-profiles`.
    """
    embedder = current_embedder()
    index = profile_index(embedder)
    place = place_of(kommune)
    hidden = set(EntrepreneurProfile.objects.filter(is_public=False).values_list("pk", flat=True))
    query_vector = query_vector_for(embedder, text)
    ranked = index.search(query_vector, embedder, service_areas=service_areas, target_groups=target_groups,
                          place=place, limit=limit, exclude=hidden | set(exclude))
    return _with_profiles_and_phrases(ranked, query_vector, embedder)


def _with_profiles_and_phrases(ranked: list[engine.Ranked], query_vector: np.ndarray,
                               embedder: engine.Embedder) -> list[Match]:
    from veier.matching.models import ProfileVector

    keys = [item.key for item in ranked]
    profiles = EntrepreneurProfile.objects.select_related("organisation").in_bulk(keys)
    stored = {row[0]: row[1:] for row in ProfileVector.objects.filter(profile_id__in=keys).values_list(
        "profile_id", "sentences", "sentence_vectors")}
    matches = []
    for item in ranked:
        if item.key not in profiles:  # deleted since the index was loaded
            continue
        phrases, blob = stored.get(item.key, ([], b""))
        vectors = np.frombuffer(bytes(blob), dtype=np.float32).reshape(-1, embedder.dim)
        if len(vectors) == len(phrases):
            engine.add_phrase(item, engine.best_phrase(query_vector, phrases, vectors, embedder))
        matches.append(Match(profiles[item.key], round(item.score, 4), item.reasons))
    return matches


# --- Ranking other texts (challenges, front doors) -------------------------------------------------------


def coverage_of(profile: EntrepreneurProfile) -> Coverage:
    """Where an entrepreneur works, for `rank_texts`."""
    return Coverage(frozenset(k.pk for k in profile.kommuner.all()), frozenset(f.pk for f in profile.fylker.all()),
                    bool(profile.nationwide))


def rank_texts(query_text: str,
               candidates: Sequence[tuple[Hashable, str, Iterable[str], Iterable[str], Iterable[str]]], *,
               service_areas: Sequence[str] | None = None, target_groups: Sequence[str] | None = None,
               coverage: Coverage | None = None, limit: int = 10) -> list[engine.Ranked]:
    """Rank any located texts for a need or an entrepreneur, best first: e.g. open challenges or front doors.

    Each candidate is `(key, text, service_area_codes, target_group_codes, places)`, where places are
    kommune numbers ("5001") or fylke numbers ("50") where the candidate is; no places means neutral
    geography. For an entrepreneur, pass the profile's text, codes and `coverage_of(profile)`:

        rank_texts(profile_text(profile), [(c.pk, c.text, areas, groups, ["5001"]) for c in challenges],
                   service_areas=[...], target_groups=[...], coverage=coverage_of(profile))

    Returns `engine.Ranked` items (`key`, `score` in [0, 1], `reasons`; see `reason_text`). The
    candidates are embedded on each call (E5: roughly 0.1 s per text), which suits the tens of open
    challenges a kommune or fylke has; the embeddings are cached in the process by text.
    """
    embedder = current_embedder()
    fylke_of = dict(Kommune.objects.values_list("number", "fylke_id"))

    def place(code: str) -> Place | None:
        code = str(code)
        if len(code) == 2:
            return Place(fylke=code)
        return Place(fylke=fylke_of[code], kommune=code) if code in fylke_of else None

    items = [engine.Candidate(key, text or "", frozenset(areas or ()), frozenset(groups or ()),
                              tuple(p for p in (place(code) for code in places or ()) if p is not None))
             for key, text, areas, groups, places in candidates]
    vectors = np.stack([_cached_passage(embedder.name, item.text) for item in items]) if items else None
    return engine.rank(query_text, items, embedder, service_areas=service_areas, target_groups=target_groups,
                       coverage=coverage, limit=limit, passage_vectors=vectors)


@lru_cache(maxsize=4096)
def _cached_passage(embedder_name: str, text: str) -> np.ndarray:
    embedder = current_embedder()
    assert embedder.name == embedder_name
    return embedder.embed_passages([text])[0]


# --- Reasons in words ------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _labels(language: str) -> dict[tuple[str, str], str]:
    def pick(item) -> str:
        return {"nn": item.label_nn, "en": item.label_en}.get(language, item.label_nb)

    labels = {("service_area", a.code): pick(a) for a in ServiceArea.objects.all()}
    labels.update({("target_group", g.code): pick(g) for g in TargetGroup.objects.all()})
    labels.update({("place_kommune", k.number): k.name for k in Kommune.objects.all()})
    labels.update({("place_fylke", f.number): f.name for f in Fylke.objects.all()})
    return labels


def _label(kind: str, code: str) -> str:
    language = (get_language() or "nb")[:2]
    labels = _labels(language)
    if not labels:  # reference data not loaded yet: don't remember an empty table
        _labels.cache_clear()
    return labels.get((kind, code), code)


def _lowered(label: str) -> str:
    return label[:1].lower() + label[1:]


def reason_text(reason: Reason) -> str:
    """A reason in words in the active language, e.g. «tjenesteområde: eldreomsorg» or «jobber i Trøndelag»."""
    kind, *params = reason
    if kind == "service_area":
        return _("service area: %(label)s") % {"label": _lowered(_label(kind, params[0]))}
    if kind == "target_group":
        return _("target group: %(label)s") % {"label": _lowered(_label(kind, params[0]))}
    if kind in ("place_kommune", "place_fylke"):
        return _("works in %(place)s") % {"place": _label(kind, params[0])}
    if kind == "place_country":
        return _("works in the whole country")
    if kind == "phrase":
        return _("“%(phrase)s”") % {"phrase": params[0]}
    return " ".join(str(part) for part in reason)
