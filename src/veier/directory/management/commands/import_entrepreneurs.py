from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

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
            self.stderr.write(
                _("%(file)s, line %(line)s (%(orgnr)s): %(reason)s")
                % {"file": path, "line": error.line, "orgnr": error.orgnr or "-", "reason": error.reason}
            )
        self.stdout.write(
            _("%(created)s created, %(updated)s updated, %(refused)s rows refused.")
            % {"created": report.created, "updated": report.updated, "refused": len(report.errors)}
        )
