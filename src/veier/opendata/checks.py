"""A system check: a malformed VEIER_OCDS_PREFIX is reported at start-up, not as a 500 per request."""

from django.core import checks


@checks.register()
def ocds_prefix_is_well_formed(app_configs, **kwargs):
    from veier.opendata import conf
    from veier.opendata.ocds import OCID_PREFIX_FORMAT

    prefix = conf.ocid_prefix()
    if OCID_PREFIX_FORMAT.match(prefix):
        return []
    return [checks.Error(
        f"VEIER_OCDS_PREFIX must be «ocds-» and six letters or digits, not {prefix!r}.",
        hint="Register a prefix with the Open Contracting Partnership, or leave the setting empty.",
        id="veier.opendata.E001",
    )]
