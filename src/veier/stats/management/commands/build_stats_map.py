from pathlib import Path

from django.core.management.base import BaseCommand

from veier.stats.mapdata import kommune_paths_file, paths_file, write_kommune_paths, write_paths


class Command(BaseCommand):
    help = ("Project and simplify the fylke polygons (and, with --kommuner, the kommune polygons) into the SVG "
            "paths the statistics page draws.")

    def add_arguments(self, parser):
        parser.add_argument("--kommuner", type=Path, metavar="GEOJSON",
                            help="Kartverket's kommune polygons (Kommuner-S.geojson); not kept in the package")

    def handle(self, *args, **options):
        data = write_paths()
        self.stdout.write(f"{len(data['fylker'])} fylker, {paths_file().stat().st_size} bytes → {paths_file()}")
        if options["kommuner"]:
            data = write_kommune_paths(options["kommuner"])
            size = kommune_paths_file().stat().st_size
            self.stdout.write(f"{len(data['kommuner'])} kommuner, {size} bytes → {kommune_paths_file()}")
