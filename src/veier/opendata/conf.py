"""Open-data settings, each with a default, read from Django settings when they are set there.

* ``VEIER_360GIVING_PREFIX``: the 360Giving publisher prefix grant ids start with. 360Giving
  assigns one on registration; the default ``360G-veier`` is a placeholder.
* ``VEIER_OCDS_PREFIX``: the ocid prefix («ocds-» and six letters or digits) the Open Contracting
  Partnership assigns on registration; the default ``ocds-veier0`` is a placeholder.
* ``VEIER_OPEN_DATA_PUBLISHER``: who publishes the packages (the organisation running Veier).
* ``VEIER_OPEN_DATA_LICENSE``: the licence of the data; the default is the Norwegian Licence for
  Open Government Data (NLOD) 2.0, the usual licence for Norwegian public bodies' open data.
"""

from __future__ import annotations

from django.conf import settings

DEFAULT_LICENSE = "https://data.norge.no/nlod/no/2.0"


def grant_prefix() -> str:
    return getattr(settings, "VEIER_360GIVING_PREFIX", "") or "360G-veier"


def ocid_prefix() -> str:
    return getattr(settings, "VEIER_OCDS_PREFIX", "") or "ocds-veier0"


def publisher_name() -> str:
    return getattr(settings, "VEIER_OPEN_DATA_PUBLISHER", "") or "Veier"


def license_url() -> str:
    return getattr(settings, "VEIER_OPEN_DATA_LICENSE", "") or DEFAULT_LICENSE


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")
