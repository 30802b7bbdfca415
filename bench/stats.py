"""Benchmark: the national statistics with 100 000 collaborations and 1 000 000 measurements (issue 7).

    .venv/bin/python bench/stats.py [--collaborations 100000] [--measurements 1000000] [--cold-runs 20]
                                    [--cached-runs 200] [--no-page] [--keep]
                                    [--database-url postgres://postgres@127.0.0.1:5432/veier_bench_stats]

Targets: GET /api/v1/stats/summary p95 under 200 ms with the summary cached, and under 2 s cold.

Builds a fresh database (a temporary SQLite file by default; with --database-url, or BENCH_DATABASE_URL,
a PostgreSQL database that it creates and drops again unless --keep), migrates it, and loads synthetic
but realistic data: one public body per kommune plus the fylkeskommuner and some state agencies,
entrepreneurs spread by population, collaborations spread over bodies (weighted by population), forms,
stages, service areas and 2018–2025, challenges (a fifth of them drafts), pitches, impact analyses
with three indicators each, and the measurements of those indicators (monthly, one per date). The large
tables are written with COPY (PostgreSQL) or executemany (SQLite) rather than model instances, and the
time the seeding took is printed. On PostgreSQL the tables are VACUUM ANALYZEd afterwards, as autovacuum
would do soon after a bulk load; SQLite gets no ANALYZE, as in production.

Then, through Django's test Client in this process (so the default in-process cache is the real one):

* cold: the cache is cleared before every request, so each request computes every aggregate;
* cached: the same request repeated, answered from the cached summary.

Both for the API and (unless --no-page) for the statistics page, which also renders the maps and the
tables. "Cold" means the application's cache only: the database's own buffers stay warm.
Settings are veier.settings_test (the production defaults, DEBUG off, over plain HTTP).
"""

from __future__ import annotations

import argparse
import math
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import common  # noqa: E402  (bench/, the script's own folder)

API = "/api/v1/stats/summary"
PAGE = "/statistikk/"
CACHED_TARGET_MS = 200
COLD_TARGET_MS = 2000
STAGE_WEIGHTS = {"idea": 20, "dialogue": 18, "pilot": 15, "agreement": 12, "operation": 16, "evaluated": 8,
                 "scaled": 5, "ended": 6}
STATE_AGENCIES = ["NAV", "Kriminalomsorgen", "Bufetat", "Statsforvalteren", "Husbanken", "IMDi"]
FIRST_YEAR, LAST_DAY = 2018, date(2025, 6, 30)


# --- the database ---------------------------------------------------------------------------------

def create_database(url: str | None) -> tuple[str, Path | None]:
    """Point DATABASE_URL at a fresh database; return the vendor and, for SQLite, its directory."""
    if url:
        common.recreate_database(url)
        os.environ["DATABASE_URL"] = url
        return "postgresql", None
    directory = Path(tempfile.mkdtemp(prefix="veier-bench-stats-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    return "sqlite", directory


def drop_database(url: str | None, directory: Path | None) -> None:
    from django.db import connections

    connections.close_all()
    if url:
        common.drop_database(url)
    elif directory:
        shutil.rmtree(directory, ignore_errors=True)


def insert(model, columns: list[str], rows, batch: int = 20_000) -> int:
    """Write plain tuples straight into the model's table: COPY on PostgreSQL, executemany on SQLite.

    Every NOT NULL column must be among ``columns`` (model defaults are Python-side and do not apply).
    """
    from django.db import connection

    fields = [model._meta.get_field(name) for name in columns]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    count = 0
    rows = iter(rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        # SQLite stores dates, datetimes and decimals as text: let each field adapt its own values.
        prepare = [i for i, field in enumerate(fields)
                   if field.get_internal_type() in ("DateField", "DateTimeField", "DecimalField")]
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"
        while chunk := list(islice(rows, batch)):
            if prepare:
                chunk = [tuple(fields[i].get_db_prep_save(v, connection) if i in prepare and v is not None else v
                               for i, v in enumerate(row)) for row in chunk]
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


def reset_sequences(models) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


# --- the data ---------------------------------------------------------------------------------------

def moment(rng: random.Random) -> datetime:
    """A time between 2018 and mid-2025, more of them recent (the platform grows)."""
    span = (datetime.combine(LAST_DAY, datetime.min.time(), UTC) - datetime(FIRST_YEAR, 1, 1, tzinfo=UTC))
    share = rng.random() ** 0.7
    return datetime(FIRST_YEAR, 1, 1, tzinfo=UTC) + timedelta(seconds=int(span.total_seconds() * share))


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def seed(collaborations: int, measurements: int, rng: random.Random) -> dict[str, int]:
    from django.db import transaction

    from veier.advisor.selectors import form_titles
    from veier.challenges.models import Challenge, Pitch
    from veier.collaborations.models import Collaboration
    from veier.impact.models import Analysis, Indicator, Measurement
    from veier.organisations.models import Organisation
    from veier.reference.models import Fylke, Kommune, ServiceArea

    kommuner = list(Kommune.objects.values_list("number", "name", "fylke_id", "population"))
    fylker = list(Fylke.objects.values_list("number", "name"))
    areas = list(ServiceArea.objects.values_list("code", flat=True))
    area_weights = [1 / (rank + 3) for rank in range(len(areas))]
    forms = list(form_titles("nb"))
    now = datetime.now(UTC)
    counts: dict[str, int] = {}

    with transaction.atomic():
        # Public bodies: every kommune, every fylkeskommune, and state agencies regionally and nationally.
        organisations = [Organisation(kind="public_body", public_body_type="kommune", name=f"{name} kommune",
                                      slug=f"kommune-{number}", kommune_id=number, fylke_id=fylke)
                         for number, name, fylke, _population in kommuner]
        organisations += [Organisation(kind="public_body", public_body_type="fylkeskommune",
                                       name=f"{name} fylkeskommune", slug=f"fylkeskommune-{number}", fylke_id=number)
                          for number, name in fylker]
        organisations += [Organisation(kind="public_body", public_body_type="state_agency", name=f"{agency} {name}",
                                       slug=f"{agency.lower()}-{number}", fylke_id=number)
                          for agency in STATE_AGENCIES[:3] for number, name in fylker]
        organisations += [Organisation(kind="public_body", public_body_type="state_agency", name=agency,
                                       slug=f"{agency.lower()}-direktorat") for agency in STATE_AGENCIES]
        weights = [population or 1000 for *_rest, population in kommuner]
        homes = rng.choices(kommuner, weights=weights, k=max(500, collaborations // 20))
        organisations += [Organisation(kind="social_entrepreneur", name=f"Sosialt foretak {i}", slug=f"foretak-{i}",
                                       kommune_id=number, fylke_id=fylke)
                          for i, (number, _name, fylke, _population) in enumerate(homes)]
        Organisation.objects.bulk_create(organisations, batch_size=2000)
        counts["organisations"] = len(organisations)
        bodies = list(Organisation.objects.filter(kind="public_body").values_list("pk", "public_body_type",
                                                                                  "kommune__population"))
        body_ids = [pk for pk, _type, _population in bodies]
        # Kommuner by population (damped, so small kommuner still take part); regional bodies less often.
        body_weights = [(population or 1000) ** 0.8 if kind == "kommune" else 4000 if kind == "fylkeskommune"
                        else 1500 for _pk, kind, population in bodies]
        entrepreneurs = list(Organisation.objects.filter(kind="social_entrepreneur").values_list("pk", flat=True))

        # Collaborations, each with one to three entrepreneurs.
        stages, stage_weights = list(STAGE_WEIGHTS), list(STAGE_WEIGHTS.values())
        public_body_of = {}

        def collaboration_rows():
            chosen = rng.choices(body_ids, weights=body_weights, k=collaborations)
            for pk in range(1, collaborations + 1):
                created = moment(rng)
                public_body_of[pk] = chosen[pk - 1]
                start = created.date() + timedelta(days=rng.randint(0, 120)) if rng.random() < 0.6 else None
                yield (pk, f"Samarbeid {pk}", "", chosen[pk - 1],
                       rng.choices(areas, weights=area_weights)[0] if rng.random() < 0.95 else None,
                       rng.choice(forms) if rng.random() < 0.8 else "",
                       Decimal(rng.randrange(50_000, 5_000_000, 1000)) if rng.random() < 0.5 else None,
                       start, None, rng.choices(stages, weights=stage_weights)[0], created,
                       min(now, created + timedelta(days=rng.randint(0, 400))))

        counts["collaborations"] = insert(Collaboration, [
            "id", "title", "description", "public_body", "service_area", "form", "value_nok", "start_date",
            "end_date", "stage", "created_at", "updated_at"], collaboration_rows())
        links = ((pk, entrepreneur) for pk in range(1, collaborations + 1)
                 for entrepreneur in rng.sample(entrepreneurs, rng.choice((1, 1, 1, 2, 2, 3))))
        counts["collaboration entrepreneurs"] = insert(
            Collaboration.entrepreneurs.through, ["collaboration", "organisation"], links)

        # Challenges (a fifth are drafts, which the statistics must not count) and pitches.
        n_challenges = max(10, collaborations // 10)
        visibilities = rng.choices(["published", "closed", "draft"], weights=[65, 15, 20], k=n_challenges)
        counts["challenges"] = insert(Challenge, [
            "id", "public_body", "title", "need", "who_it_concerns", "desired_outcomes", "timeline", "contact_name",
            "contact_email", "visibility", "created_at", "updated_at"],
            ((pk, rng.choices(body_ids, weights=body_weights)[0], f"Utfordring {pk}", "Behovet", "", "", "",
              "Kari", "kari@example.no", visibilities[pk - 1], created, created)
             for pk in range(1, n_challenges + 1) for created in [moment(rng)]))
        insert(Challenge.service_areas.through, ["challenge", "servicearea"],
               ((pk, area) for pk in range(1, n_challenges + 1)
                for area in rng.sample(areas, rng.choice((1, 1, 2, 3)))))
        n_pitches = max(10, collaborations // 5)
        counts["pitches"] = insert(Pitch, [
            "id", "sender", "public_body", "service_area", "title", "problem", "target_group", "solution",
            "evidence", "cost", "ask", "state", "decline_reason", "created_at", "updated_at"],
            ((pk, rng.choice(entrepreneurs), rng.choices(body_ids, weights=body_weights)[0],
              rng.choice(areas) if rng.random() < 0.9 else None, f"Idé {pk}", "Problemet", "Målgruppen",
              "Løsningen", "", "", "Spørsmålet", rng.choice(["sent", "read", "dialogue", "declined"]), "", created,
              created) for pk in range(1, n_pitches + 1) for created in [moment(rng)]))

        # Impact analyses (three in four linked to a collaboration), three indicators each, and their
        # measurements: monthly from a start month, one per date, so every indicator has a series.
        n_indicators = max(3, math.ceil(measurements / 17) // 3 * 3)
        n_analyses = n_indicators // 3
        analysis_rows = []
        for pk in range(1, n_analyses + 1):
            collaboration = rng.randint(1, collaborations) if rng.random() < 0.75 else None
            owner = public_body_of[collaboration] if collaboration else rng.choice(entrepreneurs)
            created = moment(rng)
            analysis_rows.append((pk, owner, collaboration, f"Analyse {pk}", "", Decimal(rng.randrange(10_000,
                                  2_000_000, 500)), Decimal("0.04"), True, "", "", "", "", "", "", created, created))
        counts["analyses"] = insert(Analysis, [
            "id", "organisation", "collaboration", "title", "description", "investment_nok", "discount_rate",
            "discount_first_year", "inputs", "activities", "outputs", "intended_outcomes", "impact", "stakeholders",
            "created_at", "updated_at"], analysis_rows)
        counts["indicators"] = insert(Indicator, [
            "id", "analysis", "name", "unit", "data_source", "frequency"],
            ((pk, (pk - 1) // 3 + 1, f"Indikator {pk}", rng.choice(["personer", "prosent", "kroner"]), "", "monthly")
             for pk in range(1, n_indicators + 1)))
        per_indicator, extra = divmod(measurements, n_indicators)

        def measurement_rows():
            pk = 0
            for indicator in range(1, n_indicators + 1):
                first = date(rng.randint(FIRST_YEAR, 2023), rng.randint(1, 12), 1)
                for step in range(per_indicator + (1 if indicator <= extra else 0)):
                    pk += 1
                    yield pk, indicator, add_months(first, step), Decimal(rng.randint(0, 50_000)) / 100, ""

        counts["measurements"] = insert(Measurement, ["id", "indicator", "date", "value", "note"], measurement_rows())
        reset_sequences([Organisation, Collaboration, Collaboration.entrepreneurs.through, Challenge,
                         Challenge.service_areas.through, Pitch, Analysis, Indicator, Measurement])
    return counts


def analyse() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


# --- the measurements --------------------------------------------------------------------------------

def timed(client, path: str, runs: int, *, cold: bool) -> list[float]:
    from django.core.cache import cache

    timings = []
    for _ in range(runs):
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return timings


def report(vendor: str, label: str, timings: list[float], target: float | None) -> bool:
    p50, p95 = statistics.median(timings), common.percentile(timings, 0.95)
    verdict = "" if target is None else f"  target p95 < {target:.0f} ms: {'PASS' if p95 < target else 'FAIL'}"
    print(f"{vendor}: {label:<22} n={len(timings):<4} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  "
          f"max {max(timings):8.1f} ms{verdict}")
    return target is None or p95 < target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--collaborations", type=int, default=100_000)
    parser.add_argument("--measurements", type=int, default=1_000_000)
    parser.add_argument("--cold-runs", type=int, default=20)
    parser.add_argument("--cached-runs", type=int, default=200)
    parser.add_argument("--no-page", action="store_true", help="measure the API only, not the statistics page")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards (and print where)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args()

    vendor, directory = create_database(args.database_url)
    os.environ["DJANGO_SETTINGS_MODULE"] = "veier.settings_test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"{vendor}: migrated in {time.perf_counter() - started:.1f} s ({os.cpu_count()} cores)")
        started = time.perf_counter()
        counts = seed(args.collaborations, args.measurements, random.Random(2024))
        seeded = time.perf_counter() - started
        started = time.perf_counter()
        analyse()
        print(f"{vendor}: seeded in {seeded:.1f} s"
              + (f" (+ VACUUM ANALYZE {time.perf_counter() - started:.1f} s)" if vendor == "postgresql" else "")
              + ": " + ", ".join(f"{n} {what}" for what, n in counts.items()))

        client = Client()
        body = client.get(API).json()  # the first request also imports and warms everything
        assert body["totals"]["collaborations"] == counts["collaborations"], body["totals"]
        assert body["impact"]["totals"]["measurements"] == counts["measurements"], body["impact"]["totals"]
        ok = True
        ok &= report(vendor, f"API cold ({API})", timed(client, API, args.cold_runs, cold=True), COLD_TARGET_MS)
        ok &= report(vendor, "API cached", timed(client, API, args.cached_runs, cold=False), CACHED_TARGET_MS)
        if not args.no_page:
            client.get(PAGE)
            report(vendor, f"page cold ({PAGE})", timed(client, PAGE, max(5, args.cold_runs // 2), cold=True), None)
            report(vendor, "page cached", timed(client, PAGE, max(20, args.cached_runs // 4), cold=False), None)
        load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
        print(f"{vendor}: {'PASS' if ok else 'FAIL'} (API: cached p95 < {CACHED_TARGET_MS} ms, "
              f"cold p95 < {COLD_TARGET_MS} ms, with {counts['collaborations']} collaborations and "
              f"{counts['measurements']} measurements; load average {load} on {os.cpu_count()} cores)")
    finally:
        if args.keep:
            print(f"kept: {os.environ['DATABASE_URL']}")
        else:
            drop_database(args.database_url, directory)


if __name__ == "__main__":
    main()
