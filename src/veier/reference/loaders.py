"""Load the reference data files in `data/` into the database.

The functions take the model classes as arguments so that a data migration can pass its
historical models and the `load_reference` command the real ones. Loading is idempotent: rows
are matched on their code and updated in place.
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any

KOMMUNE_STRUCTURE_VALID_FROM = date(2024, 1, 1)


def read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("veier.reference").joinpath("data", name).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(text.splitlines()))


def load_fylker_and_kommuner(Fylke: Any, Kommune: Any, KommuneNumberChange: Any) -> tuple[int, int]:
    for row in read_csv("fylker_2024.csv"):
        Fylke.objects.update_or_create(
            number=row["fylkesnummer"],
            defaults={"name": row["fylkesnavn"], "official_name": row["fylkesnavn_offisielt"]},
        )
    facts = {row["kommunenummer"]: row for row in read_csv("kommune_facts_2024.csv")}
    for row in read_csv("kommuner_2024.csv"):
        fact = facts.get(row["kommunenummer"], {})
        Kommune.objects.update_or_create(
            number=row["kommunenummer"],
            defaults={
                "name": row["kommunenavn"],
                "fylke_id": row["fylkesnummer"],
                "population": int(fact["innbyggere"]) if fact.get("innbyggere") else None,
                "area_km2": Decimal(fact["areal_km2"]) if fact.get("areal_km2") else None,
                "language_form": fact.get("malform", ""),
                "valid_from": KOMMUNE_STRUCTURE_VALID_FROM,
            },
        )
    for row in read_csv("kommune_changes_2023_to_2024.csv"):
        KommuneNumberChange.objects.update_or_create(
            old_number=row["old_kommunenummer"],
            new_kommune_id=row["new_kommunenummer"],
            changed_on=date.fromisoformat(row["change_occurred"]),
            defaults={"old_name": row["old_name"]},
        )
    return Fylke.objects.count(), Kommune.objects.count()


def load_codes(Model: Any, filename: str) -> int:
    for position, row in enumerate(read_csv(filename)):
        Model.objects.update_or_create(
            code=row["code"],
            defaults={"label_nb": row["nb"], "label_nn": row["nn"], "label_en": row["en"], "position": position},
        )
    return Model.objects.count()


def load_all(get_model) -> dict[str, int]:
    fylker, kommuner = load_fylker_and_kommuner(
        get_model("reference", "Fylke"), get_model("reference", "Kommune"),
        get_model("reference", "KommuneNumberChange"),
    )
    return {
        "fylker": fylker,
        "kommuner": kommuner,
        "service_areas": load_codes(get_model("reference", "ServiceArea"), "service_areas.csv"),
        "target_groups": load_codes(get_model("reference", "TargetGroup"), "target_groups.csv"),
    }
