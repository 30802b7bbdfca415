"""API routes for reference data: kommuner and fylker."""

from __future__ import annotations

from django.http import Http404
from ninja import Router

from veier.api.schemas import ErrorOut, KommuneOut
from veier.reference.selectors import kommune_list, resolve_kommune_number

router = Router(tags=["reference"])


@router.get("/kommuner", response=list[KommuneOut], summary="All kommuner in force (2024 structure)")
def list_kommuner(request):
    return list(kommune_list())


@router.get(
    "/kommuner/{number}", response={200: list[KommuneOut], 404: ErrorOut},
    summary="The kommune(r) a number means today; old numbers from before 2024 are followed",
)
def get_kommune(request, number: str):
    found = resolve_kommune_number(number) if number.isdigit() and len(number) <= 4 else []
    if not found:
        raise Http404("Unknown kommune number")
    return found
