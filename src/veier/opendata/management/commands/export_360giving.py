from veier.opendata import validation
from veier.opendata.management.base import ExportCommand


class Command(ExportCommand):
    help = ("Write the published grants and de minimis aid as a 360Giving 1.4 JSON package, validated against the "
            "360Giving schema. PATH is a file, or - for standard output.")
    kind = validation.THREESIXTYGIVING
    items = "grants"
    what = "grants"
