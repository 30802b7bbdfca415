"""Writes for the register copy: the organisation forms and the bulk import."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path
from typing import Any

from veier.registry.importer import ImportStats, import_bulk_file


def read_organisation_forms() -> list[dict[str, str]]:
    """The rows of data/organisasjonsformer.csv: kode, beskrivelse, utgaatt, name_en."""
    text = resources.files("veier.registry").joinpath("data", "organisasjonsformer.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def load_organisation_forms(OrganisationForm: Any) -> int:
    """Create or refresh the organisation forms; takes the model so a data migration can pass its own."""
    for row in read_organisation_forms():
        OrganisationForm.objects.update_or_create(
            code=row["kode"], defaults={"description": row["beskrivelse"], "name_en": row["name_en"]}
        )
    return OrganisationForm.objects.count()


def import_registry(path: str | Path, *, batch_size: int, prune: bool = False, progress=None) -> ImportStats:
    """Import a bulk file from Brønnøysundregistrene; see importer.import_bulk_file."""
    return import_bulk_file(path, batch_size=batch_size, prune=prune, progress=progress)
