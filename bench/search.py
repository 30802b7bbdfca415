"""Benchmark: directory search API latency with 10 000 entrepreneurs (and optionally the registry).

    .venv/bin/python bench/search.py [--entrepreneurs 10000] [--registry 0] [--queries 400]
                                     [--database-url postgres://postgres@127.0.0.1:5432/veier_bench_search]

Builds a fresh database (a temporary SQLite file by default), loads synthetic but realistic
profiles, optionally imports N Enhetsregisteret units with the real importer, then calls
GET /api/v1/entrepreneurs with a mixed query set (stemmed words, typos in names, facets, kommune
filters) and prints p50/p95/max latency. Target: p95 under 50 ms on both databases.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from common import percentile, recreate_database  # noqa: E402  (bench/, the script's own folder)

WORDS = (
    "besøksvenn eldre ensomhet arbeidstrening ombruk leksehjelp ungdom integrering språkkafé mentor "
    "aktivitet hverdagsmestring demens pårørende bolig rusfrihet tilbakeføring friluftsliv matservering "
    "kommunene kommunar sosial entreprenør frivillige samarbeid tjenester tenester inkludering digital"
).split()
# Descriptions mix the domain words above with a long tail of other words (Zipf-like weights), so
# a query word matches a realistic share of profiles rather than most of them.
FILLER = [f"ord{i}" for i in range(2000)]
VOCABULARY = WORDS + FILLER
WEIGHTS = [1 / (rank + 8) for rank in range(len(VOCABULARY))]
NAMES = "Besøksvenn Ombruk Leksehjelp Mentor Språkkafé Friluft Matglede Hverdag Verksted Nabolag".split()
FORMS = ["AS", "SA", "FLI", "STI", "ENK", "DA"]


def setup_database(url: str | None) -> str:
    if url:
        os.environ["DATABASE_URL"] = url
        recreate_database(url)
        return "postgresql"
    path = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    return "sqlite"


def setup_django(url: str | None) -> str:
    """A fresh, migrated database and Django with production settings (DEBUG off: the debug cursor that
    records every query is not what users get); returns the vendor."""
    vendor = setup_database(url)
    os.environ.update(DEBUG="0", SECRET_KEY="veier-bench-only", SECURE_SSL_REDIRECT="0",
                      DJANGO_SETTINGS_MODULE="veier.settings", ALLOWED_HOSTS="testserver")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return vendor


def load_entrepreneurs(count: int, rng: random.Random) -> None:
    from django.db import connection, transaction

    from veier.directory import search, text
    from veier.directory.models import EntrepreneurProfile, SearchEntry
    from veier.organisations import orgnr
    from veier.organisations.models import Organisation
    from veier.reference.models import Fylke, Kommune, ServiceArea, TargetGroup

    areas = list(ServiceArea.objects.all())
    groups = list(TargetGroup.objects.all())
    kommuner = list(Kommune.objects.values_list("number", flat=True))
    fylker = list(Fylke.objects.values_list("number", flat=True))
    numbers = (str(n) for n in range(810000000, 900000000) if orgnr.is_valid(str(n)))
    with transaction.atomic():
        organisations = []
        for i in range(count):
            name = f"{rng.choice(NAMES)} {rng.choice(NAMES).lower()} {i} {rng.choice(FORMS)}"
            organisations.append(Organisation(
                kind="social_entrepreneur", name=name, slug=f"bench-{i}", orgnr=next(numbers),
                description=" ".join(rng.choices(VOCABULARY, weights=WEIGHTS, k=40)),
            ))
        Organisation.objects.bulk_create(organisations, batch_size=2000)
        organisations = list(Organisation.objects.filter(slug__startswith="bench-"))
        profiles, through_areas, through_groups, through_k, through_f, entries = [], [], [], [], [], []
        Area, Group = EntrepreneurProfile.service_areas.through, EntrepreneurProfile.target_groups.through
        K, F = EntrepreneurProfile.kommuner.through, EntrepreneurProfile.fylker.through
        for organisation in organisations:
            place = rng.random()
            summary = " ".join(rng.choices(VOCABULARY, weights=WEIGHTS, k=8))
            profile = EntrepreneurProfile(organisation=organisation, organisation_form=rng.choice(FORMS),
                                          summary=summary, nationwide=place < 0.2)
            profiles.append(profile)
            chosen_areas = rng.sample(areas, 2)
            chosen_groups = rng.sample(groups, 2)
            through_areas += [Area(entrepreneurprofile_id=organisation.pk, servicearea_id=a.code) for a in chosen_areas]
            through_groups += [Group(entrepreneurprofile_id=organisation.pk, targetgroup_id=g.code)
                               for g in chosen_groups]
            if 0.2 <= place < 0.6:
                through_f.append(F(entrepreneurprofile_id=organisation.pk, fylke_id=rng.choice(fylker)))
            elif place >= 0.6:
                through_k += [K(entrepreneurprofile_id=organisation.pk, kommune_id=k) for k in rng.sample(kommuner, 3)]
            plain = "\n".join([organisation.name, profile.summary, organisation.description]
                              + [a.label_nb for a in chosen_areas] + [g.label_nb for g in chosen_groups])
            entries.append(SearchEntry(profile_id=organisation.pk, text=text.fold(plain),
                                       stems=text.stemmed_document(plain), name=text.fold(organisation.name)))
        EntrepreneurProfile.objects.bulk_create(profiles, batch_size=2000)
        for model, rows in ((Area, through_areas), (Group, through_groups), (K, through_k), (F, through_f)):
            model.objects.bulk_create(rows, batch_size=5000)
        SearchEntry.objects.bulk_create(entries, batch_size=2000)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.executemany("INSERT INTO directory_search_fts (stems, profile_id) VALUES (%s, %s)",
                                   [(e.stems, e.profile_id) for e in entries])
    assert search  # the module whose queries are measured


def query_set(rng: random.Random, count: int) -> list[dict]:
    from veier.reference.models import Fylke, Kommune, ServiceArea

    kommuner = list(Kommune.objects.values_list("number", flat=True))
    fylker = list(Fylke.objects.values_list("number", flat=True))
    areas = list(ServiceArea.objects.values_list("code", flat=True))
    makers = [
        lambda: {"q": rng.choice(WORDS)},  # one stemmed word
        lambda: {"q": " ".join(rng.sample(WORDS, 2))},  # two words, both must match
        lambda: {"q": rng.choice(NAMES)[:-1] + "x"},  # a typo in a name (fuzzy path)
        lambda: {"service_area": rng.choice(areas)},  # a facet alone
        lambda: {"kommune": rng.choice(kommuner)},  # geography: kommune, its fylke, the whole country
        lambda: {"q": rng.choice(WORDS), "fylke": rng.choice(fylker), "service_area": rng.choice(areas)},
    ]
    return [rng.choice(makers)() for _ in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entrepreneurs", type=int, default=10_000)
    parser.add_argument("--registry", type=int, default=0, help="also import this many registry units first")
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    vendor = setup_django(args.database_url)
    from django.core.management import call_command
    from django.test import Client

    rng = random.Random(2024)
    if args.registry:
        sys.path.insert(0, str(ROOT / "bench"))
        from brreg_import import write_bulk_file  # the registry benchmark's realistic generator

        path = write_bulk_file(Path(tempfile.mkdtemp()) / "enheter.json.gz", args.registry)
        started = time.perf_counter()
        call_command("import_brreg", str(path), verbosity=0, stdout=open(os.devnull, "w"))
        print(f"registry: {args.registry} units imported in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    load_entrepreneurs(args.entrepreneurs, rng)
    print(f"{vendor}: {args.entrepreneurs} entrepreneurs loaded in {time.perf_counter() - started:.1f} s")

    client = Client()
    queries = query_set(rng, args.queries)
    for params in queries[:20]:  # warm caches and connections
        client.get("/api/v1/entrepreneurs", params)
    timings = []
    for params in queries:
        started = time.perf_counter()
        response = client.get("/api/v1/entrepreneurs", params)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (params, response.content[:200])
    p50, p95 = statistics.median(timings), percentile(timings, 0.95)
    print(f"{vendor}: {len(timings)} search API calls: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(timings):.1f} ms "
          f"(target p95 < 50 ms: {'met' if p95 < 50 else 'NOT met'})")


if __name__ == "__main__":
    main()
