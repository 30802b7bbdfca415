"""Validating exports against the published 360Giving and OCDS schemas, offline.

The schemas are vendored in ``schemas/`` (see ``schemas/SOURCES.md``). Each package schema
``$ref``s its item schema by absolute URL; those URLs are registered with a ``referencing``
registry that holds the local copies, so nothing is ever fetched. Both standards use Draft 4.

Formats are checked (``date-time`` through rfc3339-validator). That is not pedantry: 360Giving
writes dates as ``oneOf: [{format: date-time}, {pattern: YYYY-MM-DD}]``, and without a format
checker every string passes the first branch, so a plain date would match both branches and
fail ``oneOf``.

An empty export is a package with an empty list. Both package schemas say ``minItems: 1``, so
such a package has exactly one error; ``allow_empty`` (the default) tolerates that one error and
nothing else, because an open-data URL that answers «nothing published yet» with a well-formed,
empty package is more useful to a harvester than an error.

No Django imports: the export command, the API and the tests share this module.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft4Validator
from referencing import Registry
from referencing.jsonschema import DRAFT4

OCDS_RELEASE_SCHEMA_URL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
GRANT_SCHEMA_URL = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4/schema/360-giving-schema.json"

THREESIXTYGIVING = "360giving"
OCDS = "ocds"

# kind -> (package schema, [(URL it is known by, file)], the name of the package's list of items)
SCHEMAS = {
    THREESIXTYGIVING: ("360giving/360-giving-package-schema.json",
                       [(GRANT_SCHEMA_URL, "360giving/360-giving-schema.json")], "grants"),
    OCDS: ("ocds/release-package-schema.json", [(OCDS_RELEASE_SCHEMA_URL, "ocds/release-schema.json")], "releases"),
}


@dataclass(frozen=True)
class Problem:
    """One schema error: where in the document, and what is wrong."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class InvalidExport(ValueError):
    """The document does not validate; ``problems`` lists why (the first few are in the message)."""

    def __init__(self, kind: str, problems: list[Problem]):
        self.kind = kind
        self.problems = problems
        shown = "; ".join(str(problem) for problem in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{kind} export does not validate: {shown}{more}")


def load_schema(name: str) -> dict[str, Any]:
    """A vendored schema by its path under ``schemas/``, e.g. "ocds/release-schema.json"."""
    traversable = resources.files("veier.opendata") / "schemas"
    for part in name.split("/"):
        traversable = traversable / part
    return json.loads(traversable.read_text(encoding="utf-8"))


@cache
def validator(kind: str) -> Draft4Validator:
    """A Draft 4 validator for the kind's package schema, with the item schema resolved locally."""
    package_file, item_files, _items = SCHEMAS[kind]
    registry = Registry().with_resources(
        (url, DRAFT4.create_resource(load_schema(name))) for url, name in item_files
    )
    return Draft4Validator(load_schema(package_file), registry=registry,
                           format_checker=Draft4Validator.FORMAT_CHECKER)


def _path(error) -> str:
    return "/" + "/".join(str(part) for part in error.absolute_path)


def _is_empty_list_error(error, items: str, document: dict) -> bool:
    return (error.validator == "minItems" and list(error.absolute_path) == [items]
            and document.get(items) == [])


def problems(kind: str, document: dict[str, Any], *, allow_empty: bool = True) -> list[Problem]:
    """Every schema error in the document, in a stable order; empty when it is valid."""
    items = SCHEMAS[kind][2]
    found = []
    for error in validator(kind).iter_errors(document):
        if allow_empty and _is_empty_list_error(error, items, document):
            continue
        found.append(Problem(path=_path(error), message=error.message))
    return sorted(found, key=lambda problem: (problem.path, problem.message))


def validate(kind: str, document: dict[str, Any], *, allow_empty: bool = True) -> None:
    """Raise InvalidExport unless the document is valid (an empty package counts as valid by default)."""
    found = problems(kind, document, allow_empty=allow_empty)
    if found:
        raise InvalidExport(kind, found)
