"""Benchmark: latency of POST /api/v1/match with 10 000 entrepreneurs.

    .venv/bin/python bench/match_speed.py [--entrepreneurs 10000] [--queries 200] [--embedder both|e5|hashing]
                                          [--database-url postgres://postgres@127.0.0.1:5432/veier_bench_match]

Builds a fresh database (a temporary SQLite file by default) and bulk-creates synthetic entrepreneurs
with bench/search.py's generator. Their stored vectors are RANDOM unit vectors (not embeddings of their
texts: embedding 10 000 texts with E5 would take about half an hour, and ranking speed does not depend
on the vectors' values); each gets three stored sentences with random vectors too, so phrases are
looked up as in production. The requests are the evaluation set's 36 challenge texts (bokmål, nynorsk,
English) with a random kommune and service area in most of them, posted through Django's test Client.

The query text IS embedded by the real embedder on every request (the selector's cache of recent
query embeddings is cleared before each one): with E5 that is most of the time
(printed separately). The first request loads the model and the index and is not counted.
Target: p95 < 150 ms on 2 cores with E5.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from common import percentile  # noqa: E402
from search import load_entrepreneurs, setup_django  # noqa: E402  (the directory benchmark's generator)


def store_random_vectors(embedder_name: str, dim: int, rng) -> int:
    import numpy as np
    from django.db import transaction

    from veier.directory.models import EntrepreneurProfile
    from veier.matching.models import ProfileVector

    facts: dict[int, dict] = {}
    for pk, nationwide in EntrepreneurProfile.objects.values_list("pk", "nationwide"):
        facts[pk] = {"service_areas": [], "target_groups": [], "kommuner": [], "fylker": [], "nationwide": nationwide}
    for field, through, column in (
        ("service_areas", EntrepreneurProfile.service_areas.through, "servicearea_id"),
        ("target_groups", EntrepreneurProfile.target_groups.through, "targetgroup_id"),
        ("kommuner", EntrepreneurProfile.kommuner.through, "kommune_id"),
        ("fylker", EntrepreneurProfile.fylker.through, "fylke_id"),
    ):
        for pk, code in through.objects.values_list("entrepreneurprofile_id", column):
            facts[pk][field].append(code)
    generator = np.random.default_rng(2024)
    vectors = generator.standard_normal((len(facts), 4, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=2, keepdims=True)
    rows = [
        ProfileVector(profile_id=pk, embedder=embedder_name, vector=vectors[i, 0].tobytes(),
                      sentences=[f"Setning {n} om arbeidet vårt med {rng.choice(['eldre', 'ungdom', 'ombruk'])}"
                                 for n in range(3)],
                      sentence_vectors=vectors[i, 1:].tobytes(), text_hash="random", facts=fact)
        for i, (pk, fact) in enumerate(facts.items())
    ]
    with transaction.atomic():
        ProfileVector.objects.all().delete()
        ProfileVector.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def requests(rng: random.Random, count: int) -> list[dict]:
    from veier.reference.models import Kommune, ServiceArea

    with open(ROOT / "src" / "veier" / "matching" / "evaluation" / "challenges.csv", encoding="utf-8") as handle:
        texts = [row["tekst"] for row in csv.DictReader(handle, delimiter=";")]
    kommuner = list(Kommune.objects.values_list("number", flat=True))
    areas = list(ServiceArea.objects.values_list("code", flat=True))
    made = []
    for _ in range(count):
        payload = {"text": rng.choice(texts), "limit": 10}
        if rng.random() < 0.8:
            payload["kommune"] = rng.choice(kommuner)
        if rng.random() < 0.6:
            payload["service_areas"] = [rng.choice(areas)]
        made.append(payload)
    return made


def run(setting: str, count: int, payloads: list[dict], rng: random.Random, vendor: str) -> None:
    from django.test import Client, override_settings

    from veier.matching.selectors import clear_index_cache, clear_query_cache, current_embedder, profile_index

    # The per-client rate limit on the public calculation endpoints would refuse a benchmark's burst.
    with override_settings(VEIER_EMBEDDER=setting, VEIER_API_CALCULATION_RATE="1000000/min"):
        embedder = current_embedder()
        started = time.perf_counter()
        stored = store_random_vectors(embedder.name, embedder.dim, rng)
        print(f"{embedder.name}: {stored} random vectors stored in {time.perf_counter() - started:.1f} s")
        clear_index_cache()
        client = Client()
        started = time.perf_counter()
        first = client.post("/api/v1/match", payloads[0], content_type="application/json")
        assert first.status_code == 200, first.content[:300]
        print(f"{embedder.name}: first request (loads the model and the index) {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        clear_index_cache()
        profile_index(embedder)
        print(f"{embedder.name}: loading the index of {count} vectors alone: {time.perf_counter() - started:.2f} s")
        timings, embedding = [], []
        for payload in payloads:
            clear_query_cache()  # every request embeds its text, as a new need would
            started = time.perf_counter()
            response = client.post("/api/v1/match", payload, content_type="application/json")
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200 and len(response.json()["items"]) == 10, response.content[:300]
            started = time.perf_counter()
            embedder.embed_query(payload["text"])
            embedding.append((time.perf_counter() - started) * 1000)
        p50, p95 = statistics.median(timings), percentile(timings, 0.95)
        print(f"{vendor}, {embedder.name}: {len(timings)} POST /api/v1/match over {count} entrepreneurs: "
              f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(timings):.1f} ms "
              f"(target p95 < 150 ms: {'met' if p95 < 150 else 'NOT met'})")
        print(f"{'':{len(vendor)}}  of which embedding the query alone: p50 {statistics.median(embedding):.1f} ms, "
              f"p95 {percentile(embedding, 0.95):.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entrepreneurs", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--embedder", choices=["both", "e5", "hashing"], default="both")
    parser.add_argument("--database-url")
    args = parser.parse_args()

    vendor = setup_django(args.database_url)
    from django.test import override_settings

    rng = random.Random(2024)
    started = time.perf_counter()
    with override_settings(VEIER_EMBEDDER="hashing"):  # bulk creation bypasses the services anyway
        load_entrepreneurs(args.entrepreneurs, rng)
    print(f"{vendor}: {args.entrepreneurs} entrepreneurs loaded in {time.perf_counter() - started:.1f} s "
          f"({os.cpu_count()} cores)")
    payloads = requests(rng, args.queries)
    for setting in (["hashing", "e5"] if args.embedder == "both" else [args.embedder]):
        run(setting, args.entrepreneurs, payloads, rng, vendor)


if __name__ == "__main__":
    main()
