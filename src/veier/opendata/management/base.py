"""What the two export commands share: pick the public body, build, validate, then write.

The document is validated against the vendored schema before anything is written, so a file
on disk is always one that validates (an empty package aside; see veier/opendata/validation.py).
The file is written next to its final name and renamed, so a reader never sees half a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from veier.opendata import exports, selectors, validation


class ExportCommand(BaseCommand):
    kind: str  # validation.THREESIXTYGIVING or validation.OCDS
    items: str  # the package's list: "grants" or "releases"
    what: str  # for messages: "grants" or "contracts"

    def add_arguments(self, parser):
        parser.add_argument("path", help="the file to write, or - for standard output")
        parser.add_argument("--public-body", metavar="ORGNR", dest="public_body",
                            help="only this public body's records (its organisation number)")

    def handle(self, *args, path: str, public_body: str | None = None, **options):
        body = None
        if public_body:
            try:
                body = selectors.public_body_by_orgnr(public_body)
            except selectors.PublicBodyError as error:
                raise CommandError(str(error)) from None
            if not selectors.publishes(body, exports.KIND_OF[self.kind]):
                self.stderr.write(f"{body.name} ({body.orgnr}) has not chosen to publish {self.what} as open data "
                                  "on Veier, so the package is empty.")
        document = exports.BUILDERS[self.kind](body)
        try:
            validation.validate(self.kind, document)
        except validation.InvalidExport as error:
            raise CommandError(str(error)) from None
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        if path == "-":
            self.stdout.write(text, ending="")
        else:
            self._write(Path(path), text)
        count = len(document[self.items])
        where = "standard output" if path == "-" else path
        self.stderr.write(f"{count} {self.items} written to {where}." if count else
                          f"Nothing is published yet: an empty package was written to {where}.")

    def _write(self, path: Path, text: str) -> None:
        directory = path.parent if str(path.parent) else Path(".")
        if not directory.is_dir():
            raise CommandError(f"{directory}: no such directory")
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
