from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from veier.directory.importer import ImportFileError, import_entrepreneurs


class Command(BaseCommand):
    help = (
        "Import social entrepreneurs from a CSV (; or ,) or .xlsx file with the header "
        "orgnr;navn;beskrivelse;tjenesteomrader;malgrupper;kommuner;fylker;nettside;epost"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            report = import_entrepreneurs(path)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        for error in report.errors:
            self.stderr.write(f"{path}, line {error.line} ({error.orgnr or '-'}): {error.reason}")
        self.stdout.write(
            f"{report.created} created, {report.updated} updated, {len(report.errors)} rows refused."
        )
