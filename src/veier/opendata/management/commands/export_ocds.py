from veier.opendata import validation
from veier.opendata.management.base import ExportCommand


class Command(ExportCommand):
    help = ("Write the published contracts from procurement as an OCDS 1.1 release package, validated against the "
            "OCDS 1.1.5 schema. PATH is a file, or - for standard output.")
    kind = validation.OCDS
    items = "releases"
    what = "contracts"
