"""API routes for open data: grants as 360Giving, contracts from procurement as OCDS.

Public, without login: they hold only what public bodies have chosen to publish, and nothing
personal (see veier/opendata/records.py). The documents are built by veier.opendata.exports,
the same code the `veier export-360giving` and `veier export-ocds` commands use.
"""

from __future__ import annotations

from typing import Any

import orjson
from django.http import HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from veier.api.schemas import ErrorOut
from veier.opendata import exports, selectors
from veier.ops.throttling import calculation_throttle

router = Router(tags=["open data"])


class OpenDataFilters(Schema):
    public_body: str | None = Field(
        None, description="Only this public body's records, by organisation number (nine digits, spaces allowed)"
    )


def _public_body(value: str | None):
    if not value:
        return None
    try:
        return selectors.public_body_by_orgnr(value)
    except selectors.InvalidOrgnr as error:
        raise HttpError(422, str(error)) from None
    except selectors.UnknownPublicBody as error:
        raise HttpError(404, str(error)) from None


def _json(document: dict[str, Any]) -> HttpResponse:
    return HttpResponse(orjson.dumps(document), content_type="application/json")


@router.get("/open-data/360giving.json", response={200: dict[str, Any], 404: ErrorOut, 422: ErrorOut},
            url_name="opendata_360giving", auth=None, throttle=calculation_throttle,
            summary="Grants and de minimis aid as a 360Giving 1.4 data package (published records only)")
def threesixtygiving_json(request, filters: Query[OpenDataFilters]):
    return _json(exports.threesixtygiving_package(_public_body(filters.public_body)))


@router.get("/open-data/ocds.json", response={200: dict[str, Any], 404: ErrorOut, 422: ErrorOut},
            url_name="opendata_ocds", auth=None, throttle=calculation_throttle,
            summary="Collaborations that went through procurement as an OCDS 1.1 release package (published records "
            "only)")
def ocds_json(request, filters: Query[OpenDataFilters]):
    return _json(exports.ocds_package(_public_body(filters.public_body)))
