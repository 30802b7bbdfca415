from django.core.management.base import BaseCommand

from veier.stats.mapdata import paths_file, write_paths


class Command(BaseCommand):
    help = "Project and simplify the fylke polygons into the SVG paths the statistics page draws."

    def handle(self, *args, **options):
        data = write_paths()
        size = paths_file().stat().st_size
        self.stdout.write(f"{len(data['fylker'])} fylker, {size} bytes → {paths_file()}")
