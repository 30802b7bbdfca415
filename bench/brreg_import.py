"""
Benchmark: importing Enhetsregisteret's bulk file.

Writes a gzip-compressed JSON array of N units in the register's real format (nested
organisasjonsform, addresses and næringskode; varied forms with about 3 % ENK; some bankrupt,
wound-up and deleted units; fields Veier does not keep, such as vedtektsfestetFormaal and
kapital, so the parser has the real amount of work), imports it into a fresh database with the
importer in-process, then imports it again (nothing changed, so nothing is written). Prints
units/s, wall time and peak RSS. On PostgreSQL it also loads the same rows with COPY into a
temporary table with the same columns: the floor any importer could reach.

Wall time depends on what else the machine runs; the importer's own CPU time (this process and
its reader process, not the PostgreSQL server) is printed too, as the figure that does not, with
the peak RSS of each. --single-process reads the file in the importing process, as small files are.
--file imports an existing bulk file instead of writing one (the unit count is then the file's). The product's target:
the full register (1.2 million units) in under 2 minutes on 2 cores with a peak RSS under
400 MB, on SQLite and on PostgreSQL.

Run from the project root:
    .venv/bin/python bench/brreg_import.py 200000
    .venv/bin/python bench/brreg_import.py 200000 --database-url postgres://postgres@127.0.0.1:5432/postgres
The PostgreSQL URL names the server; the benchmark creates and drops its own database, veier_bench.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

BENCH_DATABASE = "veier_bench"

# (code, description, share of units); ENK is about 3 % here, as asked of the benchmark.
FORMS = [
    ("AS", "Aksjeselskap", 40), ("FLI", "Forening/lag/innretning", 14), ("ESEK", "Eierseksjonssameie", 6),
    ("BRL", "Borettslag", 5), ("SA", "Samvirkeforetak", 4), ("STI", "Stiftelse", 4), ("NUF",
    "Norskregistrert utenlandsk foretak", 6), ("ANS", "Ansvarlig selskap med solidarisk ansvar", 4),
    ("DA", "Ansvarlig selskap med delt ansvar", 3), ("ENK", "Enkeltpersonforetak", 3), ("ORGL", "Organisasjonsledd",
    3), ("SAM", "Tingsrettslig sameie", 3), ("KBO", "Konkursbo", 2), ("ASA", "Allmennaksjeselskap", 1),
    ("KOMM", "Kommune", 1), ("IKS", "Interkommunalt selskap", 1),
]
KOMMUNER = [("0301", "OSLO", "0150", "OSLO"), ("4601", "BERGEN", "5003", "BERGEN"), ("5001", "TRONDHEIM", "7010",
            "TRONDHEIM"), ("1103", "STAVANGER", "4006", "STAVANGER"), ("3301", "DRAMMEN", "3015", "DRAMMEN"),
            ("5501", "TROMSØ", "9008", "TROMSØ"), ("3907", "SANDEFJORD", "3210", "SANDEFJORD"),
            ("1508", "ÅLESUND", "6002", "ÅLESUND"), ("3403", "HAMAR", "2317", "HAMAR"), ("2100", "SVALBARD",
            "9170", "LONGYEARBYEN")]
INDUSTRIES = [("68.209", "Utleie av egen eller leid fast eiendom ellers"), ("94.991", "Aktiviteter i andre "
              "interesseorganisasjoner ikke nevnt annet sted"), ("88.991", "Velferdstjenester uten botilbud ellers"),
              ("62.010", "Programmeringstjenester"), ("43.220", "Rørleggerarbeid"), ("56.101", "Drift av restauranter "
              "og kafeer"), ("85.599", "Annen undervisning ikke nevnt annet sted"), ("70.220",
              "Bedriftsrådgivning og annen administrativ rådgivning")]
WORDS = ["NORD", "SØR", "FJORD", "BYGG", "HELSE", "OMSORG", "VEKST", "LØVE", "INNOVASJON", "VENN", "ARBEID", "GRØNN"]


def mod11_orgnr(n: int) -> str:
    """A distinct valid organisation number for each n, from 810 000 000 upwards.

    Of two neighbouring eight-digit stems at most one has the impossible control digit 10, so
    stem 2n or 2n + 1 always works and no two n share a number.
    """
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    for stem in (81_000_000 + 2 * n, 81_000_001 + 2 * n):
        digits = f"{stem:08d}"
        remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
        control = 0 if remainder == 0 else 11 - remainder
        if control != 10:
            return digits + str(control)
    raise AssertionError("unreachable")


def make_unit(n: int, rng: random.Random) -> dict:
    code, description = rng.choices([f[:2] for f in FORMS], weights=[f[2] for f in FORMS])[0]
    kommunenummer, kommune, postnummer, poststed = rng.choice(KOMMUNER)
    industry = rng.choice(INDUSTRIES)
    orgnr = mod11_orgnr(n)
    name = " ".join(rng.sample(WORDS, 2)) + f" {code}" if code != "ENK" else f"KARI NORDMANN {n}"
    address = {
        "land": "Norge", "landkode": "NO", "postnummer": postnummer, "poststed": poststed,
        "adresse": [f"{rng.choice(WORDS).title()}gata {rng.randint(1, 200)}"] + ([f"c/o {n}"] if n % 7 == 0 else []),
        "kommune": kommune, "kommunenummer": kommunenummer,
    }
    unit = {
        "organisasjonsnummer": orgnr,
        "navn": name,
        "organisasjonsform": {"kode": code, "beskrivelse": description,
                              "_links": {"self": {"href": f"https://data.brreg.no/enhetsregisteret/api/organisasjonsformer/{code}"}}},
        "postadresse": {**address, "adresse": [f"Postboks {rng.randint(1, 9999)}"]},
        "registreringsdatoEnhetsregisteret": f"{rng.randint(1995, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",  # noqa: E501
        "registrertIMvaregisteret": rng.random() < 0.5,
        "naeringskode1": {"kode": industry[0], "beskrivelse": industry[1]},
        "antallAnsatte": rng.choice([0, 0, 1, 3, 7, 12, 45, 300]),
        "harRegistrertAntallAnsatte": True,
        "forretningsadresse": address,
        "stiftelsesdato": f"{rng.randint(1950, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "institusjonellSektorkode": {"kode": "2100", "beskrivelse": "Private aksjeselskaper mv."},
        "registrertIForetaksregisteret": code in {"AS", "ASA", "ANS", "DA", "SA"},
        "registrertIStiftelsesregisteret": code == "STI",
        "registrertIFrivillighetsregisteret": code in {"FLI", "STI"} and rng.random() < 0.6,
        "konkurs": rng.random() < 0.01,
        "underAvvikling": rng.random() < 0.01,
        "underTvangsavviklingEllerTvangsopplosning": rng.random() < 0.005,
        "maalform": "Bokmål",
        "vedtektsdato": "2017-10-21",
        "vedtektsfestetFormaal": ["Selskapets formål er å drive virksomhet innen " + industry[1].lower() + "."],
        "aktivitet": ["Drift av " + industry[1].lower(), "og det som naturlig hører til."],
        "sisteInnsendteAarsregnskap": "2024",
        "registrertIPartiregisteret": False,
        "paategninger": [],
        "_links": {"self": {"href": f"https://data.brreg.no/enhetsregisteret/api/enheter/{orgnr}"}},
    }
    if code in {"AS", "ASA"}:
        unit["kapital"] = {"belop": 30000.0, "antallAksjer": 100, "type": "Aksjekapital", "valuta": "NOK",
                           "innfortDato": "2020-01-01"}
    if rng.random() < 0.2:
        unit["hjemmeside"] = f"www.{name.split()[0].lower()}.no"
        unit["telefon"] = "22 00 00 00"
        unit["epostadresse"] = "post@example.no"
    if unit["konkurs"]:
        unit["konkursdato"] = "2025-03-01"
    if rng.random() < 0.01:  # a deleted unit keeps only a reduced body
        unit = {key: unit[key] for key in ("organisasjonsnummer", "navn", "organisasjonsform", "_links")}
        unit["slettedato"] = "2025-06-30"
    return unit


def write_bulk_file(path: Path, count: int) -> None:
    rng = random.Random(2026)
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=6) as out:
        out.write("[")
        for n in range(count):
            if n:
                out.write(",")
            out.write(json.dumps(make_unit(n, rng), ensure_ascii=False))
        out.write("]")


def cpu_seconds(who: int = resource.RUSAGE_SELF) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def both_cpu_seconds() -> tuple[float, float]:
    """CPU seconds of this process and of its ended children (the reader processes)."""
    return cpu_seconds(), cpu_seconds(resource.RUSAGE_CHILDREN)


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


class MemorySampler:
    """Samples the RSS of this process plus its children (the reader process) from /proc every 0.1 s.

    getrusage(RUSAGE_CHILDREN).ru_maxrss is no use for a spawned child: Linux counts the parent's
    RSS at the moment of the fork into the child's peak.
    """

    def __init__(self) -> None:
        import threading

        self.peak_total = self.peak_children = 0.0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    @staticmethod
    def rss_mb(pid: int | str) -> float:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def run(self) -> None:
        pid = os.getpid()
        while not self.stop.wait(0.1):
            children = []
            for task in Path(f"/proc/{pid}/task").iterdir():
                try:
                    children += (task / "children").read_text().split()
                except OSError:
                    continue
            in_children = sum(self.rss_mb(child) for child in children)
            self.peak_children = max(self.peak_children, in_children)
            self.peak_total = max(self.peak_total, self.rss_mb(pid) + in_children)


def prepare_database(database_url: str | None, workdir: Path) -> tuple[str, str | None]:
    """Point Django at a fresh database; return its URL and, for PostgreSQL, the server URL to drop it from."""
    if not database_url or database_url.startswith("sqlite"):
        return f"sqlite:///{workdir / 'bench.sqlite3'}", None
    import psycopg

    server_url = database_url
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
        connection.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    base, _, _ = database_url.rpartition("/")
    return f"{base}/{BENCH_DATABASE}", server_url


def drop_database(server_url: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")


def copy_floor() -> float:
    """Seconds to COPY the imported rows into a temporary table with the same columns."""
    from django.db import connection

    buffer = io.BytesIO()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy("COPY registry_registryunit TO STDOUT") as copy:
            for data in copy:
                buffer.write(data)
        raw.execute("CREATE TEMP TABLE bench_copy (LIKE registry_registryunit)")
        started = time.perf_counter()
        with raw.copy("COPY bench_copy FROM STDIN") as copy:
            copy.write(buffer.getvalue())
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("units", type=int, nargs="?", default=200_000)
    parser.add_argument("--database-url", default="", help="a PostgreSQL server URL; SQLite in a temp file if absent")
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--single-process", action="store_true", help="read the file in the importing process")
    parser.add_argument("--file", type=Path, help="import this bulk file instead of writing one")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="veier-bench-") as tmp:
        workdir = Path(tmp)
        bulk = args.file or workdir / "enheter_alle.json.gz"
        if not args.file:
            started = time.perf_counter()
            write_bulk_file(bulk, args.units)
            print(f"wrote {args.units:,} units: {bulk.stat().st_size / 1e6:.1f} MB gzip in "
                  f"{time.perf_counter() - started:.1f} s")
        rss_before = peak_rss_mb()
        parallel = False if args.single_process else None

        database_url, server_url = prepare_database(args.database_url, workdir)
        os.environ["DATABASE_URL"] = database_url
        os.environ["DEBUG"] = "1"
        os.environ["DJANGO_SETTINGS_MODULE"] = "veier.settings"
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from veier.registry.importer import import_bulk_file

        try:
            call_command("migrate", verbosity=0)
            print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
            print(f"reader: {'in-process' if args.single_process else 'child process when the file is big enough'}")
            sampler = MemorySampler()
            cpu = both_cpu_seconds()
            first = import_bulk_file(bulk, batch_size=args.batch_size, parallel=parallel)
            after = both_cpu_seconds()
            first_cpu = [b - a for a, b in zip(cpu, after, strict=True)]
            rss_first = peak_rss_mb()
            print(f"first import:  {first.read:,} units in {first.seconds:.1f} s wall = "
                  f"{first.units_per_second:,.0f} units/s (inserted {first.inserted:,}); CPU: importer "
                  f"{first_cpu[0]:.1f} s + reader {first_cpu[1]:.1f} s = {sum(first_cpu) / first.read * 1e6:.0f} "
                  f"µs/unit ({first_cpu[0] / first.read * 1e6:.0f} + {first_cpu[1] / first.read * 1e6:.0f})")
            again = import_bulk_file(bulk, batch_size=args.batch_size, parallel=parallel)
            again_cpu = [b - a for a, b in zip(after, both_cpu_seconds(), strict=True)]
            print(f"re-import:     {again.read:,} units in {again.seconds:.1f} s wall = "
                  f"{again.units_per_second:,.0f} units/s (unchanged {again.unchanged:,}, "
                  f"written {again.inserted + again.updated:,}); CPU: importer {again_cpu[0]:.1f} s + reader "
                  f"{again_cpu[1]:.1f} s = {sum(again_cpu) / again.read * 1e6:.0f} µs/unit")
            sampler.stop.set()
            print(f"peak RSS: importer {peak_rss_mb():.0f} MB (after writing the file {rss_before:.0f} MB, after the "
                  f"first import {rss_first:.0f} MB); reader process {sampler.peak_children:.0f} MB; both together "
                  f"{sampler.peak_total:.0f} MB (sampled every 0.1 s)")
            full = 1_200_000
            print(f"extrapolated to {full:,} units: first import {full / first.units_per_second:.0f} s, "
                  f"re-import {full / again.units_per_second:.0f} s")
            if connection.vendor == "postgresql":
                floor = copy_floor()
                print(f"COPY floor:    {first.inserted:,} rows in {floor:.2f} s = "
                      f"{first.inserted / floor:,.0f} rows/s; import / COPY = {first.seconds / floor:.1f}×")
        finally:
            connection.close()
            if server_url:
                drop_database(server_url)


if __name__ == "__main__":
    main()
