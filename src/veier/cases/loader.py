"""Load the booklet's examples (``data/booklet_cases.toml``) into the case library; idempotent, keyed on slug."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from importlib import resources
from typing import Any


def read_packaged() -> list[dict[str, Any]]:
    text = resources.files("veier.cases").joinpath("data/booklet_cases.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)["case"]


def load_booklet_cases(get_model: Callable[[str, str], Any]) -> int:
    Case = get_model("cases", "Case")
    Kommune = get_model("reference", "Kommune")
    rows = read_packaged()
    for row in rows:
        kommune = Kommune.objects.filter(number=row["kommune"]).first() if row.get("kommune") else None
        Case.objects.update_or_create(slug=row["slug"], defaults={
            "origin": "booklet", "title": row["title"], "title_nb": row.get("title_nb", ""),
            "public_body": row["public_body"], "entrepreneurs": row.get("entrepreneurs", []),
            "kommune": kommune, "fylke_id": kommune.fylke_id if kommune else None,
            "service_area_id": row.get("service_area") or None, "form": row.get("form", ""),
            "money": row.get("money", ""), "money_nok": row.get("money_nok"), "duration": row.get("duration", ""),
            "summary": row["summary"], "results": row.get("results", ""), "lessons": row.get("lessons", ""),
            "source": row["source"], "source_detail": row.get("source_detail", ""), "published": True,
        })
    return len(rows)
