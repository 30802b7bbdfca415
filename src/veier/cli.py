"""The `veier` console command: Django's manage.py, with hyphenated command names.

`veier import-brreg FILE` and `veier import_brreg FILE` are the same command, so the README can
use the friendlier spelling. Before a command that needs the database runs, the connection is
tried once, so a missing PostgreSQL gives one clear line instead of a traceback.
"""

from __future__ import annotations

import os
import sys

# Commands that never touch the database, so they need no connection check.
NO_DATABASE_COMMANDS = {
    "help", "version", "--help", "-h", "--version", "check", "makemessages", "compilemessages",
    "collectstatic", "makemigrations", "startapp", "diffsettings", "shell",
}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veier.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")

    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        django.setup()
    except ImproperlyConfigured as error:
        sys.exit(f"veier: configuration error: {error}")
    command = argv[1] if len(argv) > 1 else "help"
    if command not in NO_DATABASE_COMMANDS:
        problem = database_problem()
        if problem:
            sys.exit(f"veier: {problem}")
    execute_from_command_line(argv)


def database_problem() -> str | None:
    """Return a one-line description of why the database cannot be reached, or None."""
    from django.db import connection
    from django.db.utils import OperationalError

    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        from pathlib import Path

        name = str(settings_dict["NAME"])
        if name != ":memory:" and not name.startswith("file:"):
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        return None
    try:
        connection.ensure_connection()
    except OperationalError as error:
        where = f"{settings_dict.get('HOST') or 'localhost'}:{settings_dict.get('PORT') or 5432}"
        reason = str(error).strip().splitlines()[-1] if str(error).strip() else type(error).__name__
        return (
            f"cannot connect to the {connection.vendor} database {settings_dict.get('NAME')!r} at {where} "
            f"(check DATABASE_URL): {reason}"
        )
    finally:
        connection.close()
    return None


if __name__ == "__main__":
    main()
