"""The two exports as whole documents: records from the selectors, built by the pure builders.

The management commands and the API both come here, so a file written by `veier
export-360giving` and the document served at /api/v1/open-data/360giving.json are the same.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from veier.opendata import conf, ocds, selectors, threesixtygiving, validation
from veier.organisations.models import Organisation

GRANTS_ROUTE = "api-1.0.0:opendata_360giving"
CONTRACTS_ROUTE = "api-1.0.0:opendata_ocds"


def grants_path() -> str:
    return reverse(GRANTS_ROUTE)


def contracts_path() -> str:
    return reverse(CONTRACTS_ROUTE)


def _url(path: str, public_body: Organisation | None) -> str:
    query = f"?public_body={public_body.orgnr}" if public_body is not None else ""
    return f"{conf.site_url()}{path}{query}"


def threesixtygiving_package(public_body: Organisation | None = None) -> dict[str, Any]:
    grants = selectors.grants(public_body)
    info = threesixtygiving.PackageInfo(
        modified=selectors.last_change(grants, public_body), publisher_name=conf.publisher_name(),
        license_url=conf.license_url(), publisher_website=conf.site_url() + "/",
        access_url=conf.site_url() + reverse("opendata:index"), download_url=_url(grants_path(), public_body),
        prefix=conf.grant_prefix(),
    )
    return threesixtygiving.build_package(grants, info)


def ocds_package(public_body: Organisation | None = None) -> dict[str, Any]:
    contracts = selectors.contracts(public_body)
    info = ocds.PackageInfo(
        uri=_url(contracts_path(), public_body), published=selectors.last_change(contracts, public_body),
        publisher_name=conf.publisher_name(), license_url=conf.license_url(), publisher_uri=conf.site_url() + "/",
        ocid_prefix=conf.ocid_prefix(),
    )
    return ocds.build_package(contracts, info)


BUILDERS = {validation.THREESIXTYGIVING: threesixtygiving_package, validation.OCDS: ocds_package}
KIND_OF = {validation.THREESIXTYGIVING: selectors.GRANTS, validation.OCDS: selectors.CONTRACTS}
