"""Reads for reference data."""

from __future__ import annotations

from django.db.models import QuerySet

from veier.reference.models import Kommune, KommuneNumberChange


def kommune_list() -> QuerySet[Kommune]:
    return Kommune.objects.select_related("fylke").order_by("number")


def resolve_kommune_number(number: str) -> list[Kommune]:
    """The 2024 kommune(r) a number means: itself if current, else what it became.

    An old number can lead to more than one kommune (1507 Ålesund became 1508 Ålesund and
    1580 Haram), so a list is returned; it is empty for a number that never existed.
    """
    number = number.strip().zfill(4)
    current = Kommune.objects.filter(number=number).select_related("fylke").first()
    if current is not None:
        return [current]
    changes = KommuneNumberChange.objects.filter(old_number=number).select_related("new_kommune__fylke")
    return [change.new_kommune for change in changes.order_by("new_kommune_id")]
